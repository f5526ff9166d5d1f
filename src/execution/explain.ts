import { dialectOf } from '../planning/dialect';
import type { SequencePlan } from '../planning/plan-sequence';
import type { SequenceState } from '../building/sequence-state';
import { keyQuery } from '../planning/key-query';
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
  const several = plan.groups.length > 1;
  const page = several
    ? { take: state.take === undefined ? undefined : (state.skip ?? 0) + state.take }
    : { skip: state.skip, take: state.take };
  return Promise.all(
    plan.groups.map(async (group) => {
      const statement = keyQuery(group, plan.sort, page, { projection: plan.projection })!;
      const explain = EXPLAIN[dialectOf(group[0].member.dataSource)];
      const rows = await runStatement(group[0], { ...statement, sql: `${explain} ${statement.sql}` });
      return {
        entity: group.length === 1 ? group[0].member.metadata.name : '*',
        sql: statement.sql,
        plan: rows,
      };
    }),
  );
}
