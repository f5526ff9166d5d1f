import { dialectOf } from '../dialect/dialect';
import { bareCopy } from '../planning/branch-sql';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { memo } from '../util/memo';
import { combine, type Statement } from '../planning/statement';
import { quotaCount } from '../planning/quota';
import { queryRunnerOf } from '../typeorm/internals';
import { inTurns } from './in-turns';
import { runStatement } from './run-statement';

/**
 * One branch of the count: a plain COUNT(*) when no join can repeat a row, else a count of the distinct
 * primary keys (what TypeORM's getCount() counts).
 */
function countBranch(materialized: Materialized): Statement {
  const escape = (name: string) => materialized.member.dataSource.driver.escape(name);
  const qb = bareCopy(materialized);
  const index = materialized.member.index;
  if (!materialized.mayRepeatRows) {
    // The index goes outside: SQLite answers a bare COUNT(*) from its fast path, not with a constant beside it.
    qb.addSelect('COUNT(*)', 'seq_count');
    const [sql, parameters] = qb.getQueryAndParameters();
    return {
      sql: `SELECT ${index} AS ${escape('seq_idx')}, ${escape('seq_count')} FROM (${sql}) ${escape(`seq_c${index}`)}`,
      parameters,
    };
  }
  for (const column of materialized.member.metadata.primaryColumns) {
    qb.addSelect(
      `${escape(materialized.member.alias)}.${escape(column.databaseName)}`,
      `pk_${column.databaseName}`,
    );
  }
  qb.distinct(true);
  const [sql, parameters] = qb.getQueryAndParameters();
  return {
    sql: `SELECT ${index} AS ${escape('seq_idx')}, COUNT(*) AS ${escape('seq_count')} FROM (${sql}) ${escape(`seq_d${index}`)}`,
    parameters,
  };
}

const countBranches = new WeakMap<Materialized, Statement>();
const countUnions = new WeakMap<readonly Materialized[], Statement>();

/**
 * Rows per builder `#` (at most its takeEach() quota), the DataSources in parallel. On a pooled DataSource (PostgreSQL, MySQL/MariaDB)
 * outside a transaction each builder's count is its own statement and they run at once on the pool's
 * connections: three counts then take about as long as the longest, where one UNION ALL of them runs
 * on one connection (PostgreSQL's Parallel Append included, 1.7× slower on the benchmark). In a
 * transaction (one QueryRunner) and on SQLite (one connection) they are one statement.
 */
export async function countByIndex(plan: SequencePlan): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  await Promise.all(
    plan.groups.map(async (group) => {
      const countOf = (materialized: Materialized) =>
        memo(countBranches, materialized, () => countBranch(materialized));
      const rows = countsSeparately(group)
        ? (
            await inTurns(group, poolShare(group[0]), (materialized) =>
              runStatement(materialized, countOf(materialized)),
            )
          ).flat()
        : await runStatement(
            group[0],
            memo(countUnions, group, () =>
              combine(dialectOf(group[0].member.dataSource), group.map(countOf), (sqls) =>
                sqls.join(' UNION ALL '),
              ),
            ),
          );
      for (const row of rows) counts.set(Number(row.seq_idx), quotaCount(plan.quota, Number(row.seq_count)));
    }),
  );
  return counts;
}

/** Statements of one count that may run at once: at most this many, and at most half the pool. */
const MAX_CONCURRENT_COUNTS = 4;

function countsSeparately(group: readonly Materialized[]): boolean {
  return (
    group.length > 1 &&
    !dialectOf(group[0].member.dataSource).singleConnection &&
    group.every((materialized) => queryRunnerOf(materialized.member.builder) === undefined)
  );
}

/** How many statements one call may run at once on the DataSource's pool (the rest of it stays free). */
function poolShare(materialized: Materialized): number {
  const options = materialized.member.dataSource.options as {
    poolSize?: number;
    extra?: Record<string, unknown>;
  };
  const given = Number(options.poolSize ?? options.extra?.max ?? options.extra?.connectionLimit);
  // the drivers' default pool is 10 connections
  const pool = Number.isFinite(given) && given >= 1 ? given : 10;
  return Math.min(MAX_CONCURRENT_COUNTS, Math.max(1, Math.floor(pool / 2)));
}

export async function countAll(plan: SequencePlan): Promise<number> {
  let total = 0;
  for (const count of (await countByIndex(plan)).values()) total += count;
  return total;
}
