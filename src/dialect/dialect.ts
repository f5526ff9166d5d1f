import type { DataSource } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import { memo } from '../util/memo';
import { mysql } from './mysql';
import { postgres } from './postgres';
import type { SqlDialect } from './sql-dialect';
import { betterSqlite3, sqlite } from './sqlite';

export type { Dialect, SqlDialect } from './sql-dialect';

/** TypeORM's driver types this package writes SQL for, and the database object each one gets. */
const DIALECTS: Readonly<Record<string, SqlDialect>> = {
  postgres,
  cockroachdb: postgres,
  mysql,
  mariadb: mysql,
  'aurora-mysql': mysql,
  sqlite,
  'better-sqlite3': betterSqlite3,
  sqljs: sqlite,
  capacitor: sqlite,
  cordova: sqlite,
  expo: sqlite,
  nativescript: sqlite,
  'react-native': sqlite,
};

const chosen = new WeakMap<DataSource, SqlDialect>();

/**
 * The object that writes SQL for the DataSource's database, chosen on first use and kept for the
 * DataSource. Throws UnsupportedOperationError for a driver this package does not support.
 */
export function dialectOf(dataSource: DataSource): SqlDialect {
  return memo(chosen, dataSource, () => {
    const dialect = DIALECTS[dataSource.options.type];
    if (!dialect) {
      throw new UnsupportedOperationError(
        `The '${dataSource.options.type}' driver is not supported by typeorm-query-sequence yet ` +
          `(supported: PostgreSQL, MySQL/MariaDB, SQLite).`,
      );
    }
    return dialect;
  });
}

/**
 * A builder parameter's value as the driver receives it, for SQL built once with stand-ins for the values
 * (see planning/parameter-binding.ts): converted by the driver's own `escapeQueryWithParameters` (SQLite:
 * booleans as 0/1, dates as text), except numbers, which TypeORM writes into SQLite's SQL text and which
 * are bound here as the dialect's `bindable` binds them (the same INTEGER or REAL).
 */
export function driverParameter(dataSource: DataSource, value: unknown): unknown {
  if (typeof value === 'number') return dialectOf(dataSource).bindable(value);
  // TypeORM 0.3 takes (and reads) a third argument, the native parameters; 1.x takes two
  const escape = dataSource.driver.escapeQueryWithParameters as (
    sql: string,
    parameters: object,
    native: object,
  ) => [string, unknown[]];
  const [, values] = escape.call(dataSource.driver, ':v', { v: value }, {});
  return values.length > 0 ? values[0] : value;
}
