import { limitClauseWith } from './limit';
import { nullsFirst, placedOrderTerms } from './order-terms';
import type { SqlDialect } from './sql-dialect';

const BIG_INTEGER = /^(bigint|int8|unsigned big int)$/;

/** SQLite (every TypeORM SQLite driver). */
export const sqlite = Object.freeze<SqlDialect>({
  name: 'sqlite',
  orderTerms: placedOrderTerms,
  // SQLite treats NULL as smaller than any value.
  nullsSortFirst: (order, nulls) => nullsFirst(false, order, nulls),
  limitClause: limitClauseWith(' LIMIT -1'),
  // SQLite takes no ORDER BY inside a compound SELECT's members, only in a subquery.
  orderedUnionMember: (sql, alias) => `SELECT * FROM (${sql}) ${alias}`,
  // SQLite keeps each value as stored, so every column shares.
  unionType: () => ({ type: 'any', nullSql: 'NULL' }),
  typedUnionNulls: false,
  typedNull: () => 'NULL',
  enumValuesAsText: false,
  castTypeOf: (dataSource, column) => dataSource.driver.normalizeType(column),
  // SQLite compares what is stored; only 64-bit integers need carrying as text (the driver reads a number).
  commonKeyType: () => (own) => (BIG_INTEGER.test(own.type) ? { exact: 'TEXT' } : {}),
  // A simple-enum is CHECKed text, sorted as text.
  enumsSortByDeclaration: false,
  enumTypeName: () => undefined,
  enumOrdinalSql: (expr) => expr,
  // SQLite has no booleans (0/1).
  bindable: (value) => (typeof value === 'boolean' ? Number(value) : value),
  shiftPlaceholders: (sql) => sql,
  explain: (sql) => `EXPLAIN QUERY PLAN ${sql}`,
  singleConnection: true,
  cursorValues: {
    textProblem: () => undefined,
    singleFloats: new Set(),
    integersAre64Bit: true,
    decimalsKeepPrecision: false,
    specialDecimal: () => false,
    dateShapes: {},
    // SQLite keeps dates as text: any ISO 8601 date, time or both.
    otherDates: { date: 'optional', time: 'optional', zone: 'optional', maxYear: 9999, fraction: 9 },
  },
});

/**
 * SQLite through better-sqlite3. TypeORM writes numbers into SQLite's SQL text, so every new value would
 * be a new statement to prepare (a stream's positions and part LIMITs change every batch); better-sqlite3
 * binds an integer given as a BigInt as the same INTEGER. Other SQLite drivers may not take BigInts: they
 * get the number.
 */
export const betterSqlite3 = Object.freeze<SqlDialect>({
  ...sqlite,
  bindable: (value: unknown) =>
    typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : sqlite.bindable(value),
});
