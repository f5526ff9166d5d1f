import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NullsPlacement, SortDirection } from '../model/types';
import { dialectOf, type Dialect, type SqlDialect } from './dialect';

/*
 * What indexHints() and explain() need to know of each database's indexes: how a CREATE INDEX is written,
 * which ORDER BY terms an index column can serve, and how a plan shows a sort that reads a table's rows.
 */

/** One column of an advised index, in the order the index keeps it. */
export interface IndexColumn {
  readonly name: string;
  readonly order: SortDirection;
}

/** Longest identifier: PostgreSQL 63 bytes, MariaDB/MySQL 64 characters; SQLite has no limit (63 kept). */
const NAME_LIMIT = 63;

/**
 * A deterministic index name: `seq_<table>_<column>[_d]…` (`_d` for a descending column), cut to the
 * databases' limit with a hash of the whole so that two long names stay different.
 */
export function indexName(table: string, columns: readonly IndexColumn[]): string {
  const full = ['seq', table, ...columns.map((c) => (c.order === 'DESC' ? `${c.name}_d` : c.name))]
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
  if (full.length <= NAME_LIMIT) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, NAME_LIMIT - 9)}_${hash}`;
}

/** `CREATE INDEX` in the database's syntax, every name quoted with the driver's escape. */
export function createIndexSql(
  dataSource: DataSource,
  table: { readonly name: string; readonly schema?: string },
  name: string,
  columns: readonly IndexColumn[],
): string {
  const escape = (n: string) => dataSource.driver.escape(n);
  const on = table.schema ? `${escape(table.schema)}.${escape(table.name)}` : escape(table.name);
  const list = columns.map((c) => `${escape(c.name)} ${c.order}`).join(', ');
  return `CREATE INDEX ${escape(name)} ON ${on} (${list})`;
}

/**
 * Whether an index column can serve this ORDER BY term (read forwards or backwards). Every database
 * serves a term without a NULL placement. With one: PostgreSQL's index columns keep NULLS FIRST/LAST
 * themselves, but the advised ones use the default, so a placement serves where it is the default for
 * its direction; SQLite the same (its indexes have no NULL placement); MariaDB/MySQL order a placement
 * by an `x IS NULL` expression first, which no column index serves.
 */
export function indexServes(dialect: SqlDialect, order: SortDirection, nulls?: NullsPlacement): boolean {
  if (!nulls) return true;
  if (dialect.name === 'mysql') return false;
  return dialect.nullsSortFirst(order, nulls) === dialect.nullsSortFirst(order);
}

/**
 * Whether a database's plan (the rows of explain()) sorts a table's rows, not only the few rows the
 * branches' LIMITs let through: PostgreSQL's Sort or Incremental Sort nodes whose estimated rows are more
 * than `rowsNeeded`; SQLite's temporary B-tree for ORDER BY beside a scan of a table; MariaDB/MySQL's
 * filesort on a table (not on a derived table or a union's result).
 */
export function planSortsTableRows(
  dataSource: DataSource,
  plan: readonly Record<string, unknown>[],
  rowsNeeded: number,
): boolean {
  return SORTS[dialectOf(dataSource).name](plan, rowsNeeded);
}

const SORTS: Readonly<
  Record<Dialect, (plan: readonly Record<string, unknown>[], needed: number) => boolean>
> = {
  postgres: (plan, needed) =>
    plan.some((row) => {
      const line = String(row['QUERY PLAN'] ?? '');
      const sort = /(?:^|->\s+)(?:Incremental )?Sort\s+\(cost=\S+ rows=(\d+)/.exec(line.trim());
      return !!sort && Number(sort[1]) > needed;
    }),
  sqlite: (plan) =>
    plan.some(
      (row) =>
        /^USE TEMP B-TREE FOR (?:(?:RIGHT PART|LAST TERM) OF )?ORDER BY/.test(String(row.detail)) &&
        plan.some(
          (other) =>
            other.parent === row.parent && /^(?:SCAN|SEARCH) (?!seq\b|seq_b\d)/.test(String(other.detail)),
        ),
    ),
  mysql: (plan) =>
    plan.some((row) => /filesort/i.test(String(row.Extra ?? '')) && !String(row.table ?? '').startsWith('<')),
};
