import { dialectOf } from '../dialect/dialect';
import type { SequencePlan } from '../planning/plan-sequence';
import type { SequenceState } from '../model/sequence-state';
import { keyStatements } from './load-page';
import { runStatement } from './run-statement';
import { fanOut } from './fan-out';
import { dataSourceLabel } from '../errors';

/** One statement of {@link SequenceQueryBuilder.explain | explain()} and the database's plan for it. */
export interface QueryPlan {
  /** The entity class name, or `'*'` for a statement over several entities. */
  readonly entity: string;
  /** The DataSource it ran on: its `name` option, else type, host:port and database. */
  readonly dataSource: string;
  /** The SQL text explained. */
  readonly sql: string;
  /** The rows the database's EXPLAIN (SQLite: EXPLAIN QUERY PLAN) returned. */
  readonly plan: readonly Record<string, unknown>[];
}

/**
 * The database's plan for the key query of each DataSource (the statement that orders and pages; one per
 * builder with strategy('per-builder')), run at once, each labelled with its DataSource.
 */
export async function explainPlan(plan: SequencePlan, state: SequenceState): Promise<QueryPlan[]> {
  return fanOut(
    keyStatements(plan, state.skip, state.take, { entities: true }),
    ({ dataSource }) => dataSource,
    async ({ group, entity, dataSource, statement }) => {
      const explain = dialectOf(dataSource).explain(statement!.sql);
      const rows = await runStatement(group[0], { ...statement!, sql: explain }, plan.binding);
      return { entity, dataSource: dataSourceLabel(dataSource), sql: statement!.sql, plan: rows };
    },
  );
}
