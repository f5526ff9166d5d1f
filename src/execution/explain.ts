import { dialectOf } from '../dialect/dialect';
import type { SequencePlan } from '../planning/plan-sequence';
import type { SequenceState } from '../model/sequence-state';
import { keyStatements } from './load-page';
import { runStatement } from './run-statement';

/** One statement of {@link SequenceQueryBuilder.explain | explain()} and the database's plan for it. */
export interface QueryPlan {
  /** The entity class name, or `'*'` for a statement over several entities. */
  readonly entity: string;
  /** The SQL text explained. */
  readonly sql: string;
  /** The rows the database's EXPLAIN (SQLite: EXPLAIN QUERY PLAN) returned. */
  readonly plan: readonly Record<string, unknown>[];
}

/** The database's plan for the key query of each DataSource (the statement that orders and pages). */
export async function explainPlan(plan: SequencePlan, state: SequenceState): Promise<QueryPlan[]> {
  return Promise.all(
    keyStatements(plan, state.skip, state.take, { entities: true }).map(
      async ({ group, entity, statement }) => {
        const explain = dialectOf(group[0].member.dataSource).explain(statement!.sql);
        const rows = await runStatement(group[0], { ...statement!, sql: explain });
        return { entity, sql: statement!.sql, plan: rows };
      },
    ),
  );
}
