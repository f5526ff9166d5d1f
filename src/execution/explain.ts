import { dialectOf } from '../dialect/dialect';
import { planSortsTableRows } from '../dialect/index-syntax';
import type { SequencePlan } from '../planning/plan-sequence';
import type { SequenceState } from '../model/sequence-state';
import { keyStatements } from './load-page';
import { runStatement } from './run-statement';
import { fanOut } from './fan-out';
import { dataSourceLabel } from '../errors';
import { serverVersionOf } from '../typeorm/internals';

/** One statement of {@link SequenceQueryBuilder.explain | explain()} and the database's plan for it. */
export interface QueryPlan {
  /** The entity class name, or `'*'` for a statement over several entities. */
  readonly entity: string;
  /** The DataSource it ran on: its `name` option, else type, host:port and database. */
  readonly dataSource: string;
  /** The SQL text explained. */
  readonly sql: string;
  /**
   * The rows the database's EXPLAIN returned (SQLite: EXPLAIN QUERY PLAN; MariaDB with take(): ANALYZE, which
   * runs the statement, because its EXPLAIN shows a limited UNION branch's index read as a full scan and sort).
   */
  readonly plan: readonly Record<string, unknown>[];
  /**
   * True when the plan sorts a table's rows to find a page of take() rows: a builder's branch reads every
   * matching row (or every tie of its first key) instead of only its first rows in an index's order.
   * PostgreSQL: a Sort or Incremental Sort node estimated at more rows than the branches' LIMITs let
   * through; SQLite: a temporary B-tree for ORDER BY beside a table scan; MariaDB/MySQL: a filesort on a
   * table. Always false without take() (every row is needed then).
   */
  readonly sortsAllRows: boolean;
  /** With sortsAllRows: what to do about it. */
  readonly warning?: string;
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
      const dialect = dialectOf(dataSource);
      const server = dialect.needsServerVersion ? await serverVersionOf(dataSource) : undefined;
      const explain = dialect.explain(statement!.sql, server, state.take !== undefined);
      const rows = await runStatement(group[0], { ...statement!, sql: explain }, plan.binding);
      const needed = state.take === undefined ? undefined : ((state.skip ?? 0) + state.take) * group.length;
      const sortsAllRows = needed !== undefined && planSortsTableRows(dataSource, rows, needed);
      return {
        entity,
        dataSource: dataSourceLabel(dataSource),
        sql: statement!.sql,
        plan: rows,
        sortsAllRows,
        ...(sortsAllRows && {
          warning:
            'The plan sorts every matching row of a table to find this page: create the indexes that ' +
            'indexHints() gives, so that each builder reads only its first rows in index order.',
        }),
      };
    },
  );
}
