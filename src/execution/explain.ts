import { dialectOf } from '../dialect/dialect';
import type { SequencePlan } from '../planning/plan-sequence';
import type { SequenceState } from '../model/sequence-state';
import { keyStatements } from './load-page';
import { runStatement } from './run-statement';

export interface QueryPlan {
  readonly entity: string;
  readonly sql: string;
  /** The rows the database's EXPLAIN (SQLite: EXPLAIN QUERY PLAN) returned. */
  readonly plan: readonly Record<string, unknown>[];
}

const EXPLAIN = { postgres: 'EXPLAIN', mysql: 'EXPLAIN', sqlite: 'EXPLAIN QUERY PLAN' } as const;

/** The database's plan for the key query of each DataSource (the statement that orders and pages). */
export async function explainPlan(plan: SequencePlan, state: SequenceState): Promise<QueryPlan[]> {
  return Promise.all(
    keyStatements(plan, state.skip, state.take, { entities: true }).map(
      async ({ group, entity, statement }) => {
        const explain = EXPLAIN[dialectOf(group[0].member.dataSource)];
        const rows = await runStatement(
          group[0],
          { ...statement!, sql: `${explain} ${statement!.sql}` },
          plan.binding,
        );
        return { entity, sql: statement!.sql, plan: rows };
      },
    ),
  );
}
