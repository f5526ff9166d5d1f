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
