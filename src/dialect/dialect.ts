import type { DataSource } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import type { NullsPlacement, SortDirection } from '../model/types';

export type Dialect = 'postgres' | 'mysql' | 'sqlite';

const DIALECTS: Record<string, Dialect> = {
  postgres: 'postgres',
  cockroachdb: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  'aurora-mysql': 'mysql',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  sqljs: 'sqlite',
  capacitor: 'sqlite',
  cordova: 'sqlite',
  expo: 'sqlite',
  nativescript: 'sqlite',
  'react-native': 'sqlite',
};

export function dialectOf(dataSource: DataSource): Dialect {
  const dialect = DIALECTS[dataSource.options.type];
  if (!dialect) {
    throw new UnsupportedOperationError(
      `The '${dataSource.options.type}' driver is not supported by typeorm-query-sequence yet ` +
        `(supported: PostgreSQL, MySQL/MariaDB, SQLite).`,
    );
  }
  return dialect;
}

/**
 * One ORDER BY term. MariaDB/MySQL have no NULLS FIRST/LAST, so placement is ordered by `x IS NULL`
 * first; without an explicit placement every database keeps its own default.
 */
export function orderTerm(
  dialect: Dialect,
  expr: string,
  order: SortDirection,
  nulls?: NullsPlacement,
): string {
  if (!nulls) return `${expr} ${order}`;
  if (dialect === 'mysql')
    return `(${expr} IS NULL) ${nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, ${expr} ${order}`;
  return `${expr} ${order} ${nulls}`;
}

/**
 * A value as a statement parameter, converted as TypeORM's own parameters are where this package binds
 * values TypeORM never sees (positions in seek SQL built once). SQLite has no booleans (0/1). TypeORM
 * writes numbers into SQLite's SQL text, so every new value would be a new statement to prepare (a
 * stream's positions and part LIMITs change every batch); better-sqlite3 binds an integer given as a
 * BigInt as the same INTEGER. Other SQLite drivers may not take BigInts: they get the number.
 */
export function bindable(dataSource: DataSource, value: unknown): unknown {
  if (typeof value === 'boolean') return dialectOf(dataSource) === 'sqlite' ? Number(value) : value;
  return dataSource.options.type === 'better-sqlite3' &&
    typeof value === 'number' &&
    Number.isSafeInteger(value)
    ? BigInt(value)
    : value;
}

/**
 * A builder parameter's value as the driver receives it, for SQL built once with stand-ins for the values
 * (see planning/parameter-binding.ts): converted by the driver's own `escapeQueryWithParameters` (SQLite:
 * booleans as 0/1, dates as text), except numbers, which TypeORM writes into SQLite's SQL text and which
 * are bound here as `bindable` binds them (the same INTEGER or REAL).
 */
export function driverParameter(dataSource: DataSource, value: unknown): unknown {
  if (typeof value === 'number') return bindable(dataSource, value);
  // TypeORM 0.3 takes (and reads) a third argument, the native parameters; 1.x takes two
  const escape = dataSource.driver.escapeQueryWithParameters as (
    sql: string,
    parameters: object,
    native: object,
  ) => [string, unknown[]];
  const [, values] = escape.call(dataSource.driver, ':v', { v: value }, {});
  return values.length > 0 ? values[0] : value;
}

/** Whether NULLs come before values in this ORDER BY term: as placed, else the database's default. */
export function nullsSortFirst(dialect: Dialect, order: SortDirection, nulls?: NullsPlacement): boolean {
  // PostgreSQL treats NULL as larger than any value; MySQL, MariaDB and SQLite as smaller.
  return nulls ? nulls === 'NULLS FIRST' : (dialect === 'postgres') === (order === 'DESC');
}

/** LIMIT/OFFSET with integers checked by skip()/take(); each database's form of "no limit". */
export function limitClause(dialect: Dialect, skip: number | undefined, take: number | undefined): string {
  const offset = skip ? ` OFFSET ${skip}` : '';
  if (take !== undefined) return ` LIMIT ${take}${offset}`;
  if (!skip) return '';
  if (dialect === 'postgres') return offset;
  return dialect === 'mysql' ? ` LIMIT 18446744073709551615${offset}` : ` LIMIT -1${offset}`;
}
