import { dialectOf } from '../planning/dialect';
import { bareCopy } from '../planning/key-query';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { combine, type Statement } from '../planning/statement';
import { runStatement } from './run-statement';

/**
 * One branch of the count: a plain COUNT(*) when no join can repeat a row, else a count of the distinct
 * primary keys (what TypeORM's getCount() counts).
 */
function countBranch(m: Materialized): Statement {
  const escape = (name: string) => m.member.dataSource.driver.escape(name);
  const qb = bareCopy(m);
  const index = m.member.index;
  if (!m.mayRepeatRows) {
    // The index goes outside: SQLite answers a bare COUNT(*) from its fast path, not with a constant beside it.
    qb.addSelect('COUNT(*)', 'seq_count');
    const [sql, parameters] = qb.getQueryAndParameters();
    return {
      sql: `SELECT ${index} AS ${escape('seq_idx')}, ${escape('seq_count')} FROM (${sql}) ${escape(`seq_c${index}`)}`,
      parameters,
    };
  }
  for (const column of m.member.metadata.primaryColumns) {
    qb.addSelect(`${escape(m.member.alias)}.${escape(column.databaseName)}`, `pk_${column.databaseName}`);
  }
  qb.distinct(true);
  const [sql, parameters] = qb.getQueryAndParameters();
  return {
    sql: `SELECT ${index} AS ${escape('seq_idx')}, COUNT(*) AS ${escape('seq_count')} FROM (${sql}) ${escape(`seq_d${index}`)}`,
    parameters,
  };
}

/** Rows per builder `#`, one statement per DataSource, the DataSources in parallel. */
export async function countByIndex(plan: SequencePlan): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  await Promise.all(
    plan.groups.map(async (group) => {
      const statement = combine(dialectOf(group[0].member.dataSource), group.map(countBranch), (sqls) =>
        sqls.join(' UNION ALL '),
      );
      for (const row of await runStatement(group[0], statement)) {
        counts.set(Number(row.seq_idx), Number(row.seq_count));
      }
    }),
  );
  return counts;
}

export async function countAll(plan: SequencePlan): Promise<number> {
  let total = 0;
  for (const count of (await countByIndex(plan)).values()) total += count;
  return total;
}
