import { castTo, refuseMixed } from './common-type';
import { unionSignature } from './column-type';
import { limitClauseWith } from './limit';
import { nullsFirst } from './order-terms';
import type { CommonKeyType, DateShape, DescribedColumn, OrderTerm, SqlDialect } from './sql-dialect';

const INTEGERS = /^(tinyint|smallint|mediumint|int|integer|bigint)$/;
const FLOATS = /^(float|double|real)$/;
const DATES = /^(date|datetime|timestamp)$/;
const DECIMAL_DIGITS = 65;

function commonKeyType(typed: readonly DescribedColumn[], path: () => string): CommonKeyType {
  const signature = (t: DescribedColumn) => JSON.stringify([t.type, t.precision, t.scale, t.unsigned]);
  if (new Set(typed.map(signature)).size === 1) {
    // A FLOAT is read back as its shortest decimal text, not the value stored: carry it as a DOUBLE.
    return (own) => ({
      exact: own.type === 'float' ? 'DOUBLE' : own.family === 'date' ? 'CHAR' : undefined,
    });
  }
  const all = (pattern: RegExp) => typed.every((t) => pattern.test(t.type));
  const numeric = typed.every((t) => INTEGERS.test(t.type) || FLOATS.test(t.type) || t.type === 'decimal');
  if (numeric && typed.some((t) => FLOATS.test(t.type))) return castTo('DOUBLE', (t) => t.type === 'double');
  if (numeric) {
    const scale = Math.max(...typed.map((t) => (t.type === 'decimal' ? (t.scale ?? 0) : 0)));
    const digits = Math.max(
      ...typed.map((t) => (t.type === 'decimal' ? (t.precision ?? 10) - (t.scale ?? 0) : 20)),
    );
    if (digits + scale <= DECIMAL_DIGITS) return castTo(`DECIMAL(${DECIMAL_DIGITS},${scale})`, () => false);
  }
  // Dates and times of day, at the finest precision among them.
  const times = all(/^time$/) ? 'time' : all(DATES) ? 'datetime' : undefined;
  if (times) {
    const precision = Math.max(...typed.map((t) => t.precision ?? 0));
    const common = `${times.toUpperCase()}(${precision})`;
    return (own) => ({
      ...castTo(common, (t) => t.type === times && (t.precision ?? 0) === precision)(own),
      exact: 'CHAR',
    });
  }
  refuseMixed(typed, path);
  return () => ({});
}

/** MariaDB/MySQL have no NULLS FIRST/LAST: a placement is ordered by `x IS NULL` first. */
function orderTerms(
  expr: string,
  order: OrderTerm['order'],
  nulls?: OrderTerm['nulls'],
): readonly OrderTerm[] {
  if (!nulls) return [{ sql: expr, order }];
  return [
    { sql: `(${expr} IS NULL)`, order: nulls === 'NULLS FIRST' ? 'DESC' : 'ASC' },
    { sql: expr, order },
  ];
}

const DATE = { zone: 'no', maxYear: 9999, fraction: 6, zeroDate: true } as const;
const DATE_SHAPES: Record<string, DateShape> = {
  date: { ...DATE, date: 'required', time: 'no' },
  datetime: { ...DATE, date: 'required', time: 'optional' },
  timestamp: { ...DATE, date: 'required', time: 'optional' },
  time: { ...DATE, date: 'no', time: 'required', duration: true },
};

/** MariaDB and MySQL. */
export const mysql = Object.freeze<SqlDialect>({
  name: 'mysql',
  orderTerms,
  // MariaDB and MySQL treat NULL as smaller than any value.
  nullsSortFirst: (order, nulls) => nullsFirst(false, order, nulls),
  limitClause: limitClauseWith(' LIMIT 18446744073709551615'),
  // A parenthesized member's ORDER BY … LIMIT reads an index in order when one serves it (ANALYZE: r_rows
  // = its LIMIT). A derived table (`SELECT * FROM (…) b`) does too but costs ~0.4 ms more per statement.
  orderedUnionMember: (sql) => `(${sql})`,
  unionType(dataSource, column) {
    const signature = unionSignature(dataSource, column);
    return signature && { type: signature.type, nullSql: 'NULL' };
  },
  typedUnionNulls: false,
  typedNull: () => 'NULL',
  enumValuesAsText: false,
  castTypeOf: (dataSource, column) => dataSource.driver.normalizeType(column),
  commonKeyType,
  enumsSortByDeclaration: true,
  enumTypeName: () => undefined,
  // `x+0`, the ENUM's index.
  enumOrdinalSql: (expr) => `(${expr}+0)`,
  bindable: (value) => value,
  shiftPlaceholders: (sql) => sql,
  textSortKeySql: (sql) => `WEIGHT_STRING(${sql})`,
  // MariaDB's plain EXPLAIN shows a parenthesized UNION member (a page's limited branch) as a full scan
  // and filesort that its execution does not do (an index read in order, stopped at the LIMIT): ANALYZE
  // runs the statement and shows the plan it ran. Without branch LIMITs EXPLAIN is right and runs nothing.
  explain: (sql, server, limited) =>
    limited && /mariadb/i.test(server ?? '') ? `ANALYZE ${sql}` : `EXPLAIN ${sql}`,
  needsServerVersion: true,
  singleConnection: false,
  cursorValues: {
    textProblem: () => undefined,
    singleFloats: new Set(['float']),
    integersAre64Bit: false,
    decimalsKeepPrecision: true,
    specialDecimal: () => false,
    dateShapes: DATE_SHAPES,
  },
});
