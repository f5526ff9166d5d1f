import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from '../typeorm/internals';
import { isEnumColumn } from '../metadata/column-family';
import { castTo, refuseMixed } from './common-type';
import { unionSignature } from './column-type';
import { limitClauseWith } from './limit';
import { nullsFirst, placedOrderTerms } from './order-terms';
import type { CommonKeyType, DateShape, DescribedColumn, SqlDialect } from './sql-dialect';

/** PostgreSQL's built-in types a NULL can be cast to by name (enums, domains and PostGIS cannot). */
const CASTABLE =
  /^(smallint|integer|bigint|numeric|decimal|real|double precision|boolean|character varying|character|varchar|char|text|citext|date|time without time zone|time with time zone|timestamp without time zone|timestamp with time zone|interval|uuid|json|jsonb|bytea|money|inet|cidr|macaddr|xml)$/;

/** The PostgreSQL type of an enum column declared with an `enumName` (in its table's schema), else undefined. */
function namedEnumType(dataSource: DataSource, column: ColumnMetadata | undefined): string | undefined {
  if (!isEnumColumn(column) || !column!.enumName) return undefined;
  const escape = (name: string) => dataSource.driver.escape(name);
  const schema = column!.entityMetadata.schema;
  return schema ? `${escape(schema)}.${escape(column!.enumName)}` : escape(column!.enumName);
}

/** PostgreSQL's UNION picks the last of these a column's types all convert to implicitly. */
const RANKS = [
  ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'],
  ['date', 'timestamp without time zone', 'timestamp with time zone'],
  ['time without time zone', 'time with time zone'],
];

function commonKeyType(typed: readonly DescribedColumn[], path: () => string): CommonKeyType {
  // Enums are compared by their labels' ordinals, or as their one named type (dialect/enum-order.ts).
  if (typed.some((t) => t.enum)) return (own) => ({ param: own.type === 'enum' ? undefined : own.type });
  const exact = (own: DescribedColumn) => (own.family === 'date' ? 'VARCHAR' : undefined);
  const types = new Set(typed.map((t) => t.type));
  if (types.size === 1) return (own) => ({ param: own.type, exact: exact(own) });
  const ranks = RANKS.find((list) => [...types].every((t) => list.includes(t)));
  if (!ranks) {
    refuseMixed(typed, path);
    return (own) => ({ param: own.type });
  }
  const common = ranks[Math.max(...[...types].map((t) => ranks.indexOf(t)))];
  const cast = castTo(common, (t) => t.type === common);
  return (own) => ({ ...cast(own), exact: exact(own) });
}

/** `$n` placeholders moved `offset` on (outside quoted text). */
function renumber(sql: string, offset: number): string {
  if (offset === 0) return sql;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      out += `$${Number(sql.slice(i + 1, j)) + offset}`;
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Numeric NaN, and the infinities from version 14 on. */
function specialDecimal(value: string, dataSource: DataSource): boolean {
  if (value === 'NaN') return true;
  const major = Number(String((dataSource.driver as { version?: string }).version ?? '').split('.')[0]);
  return major >= 14 && (value === 'Infinity' || value === '-Infinity');
}

const DATE = { zone: 'no', maxYear: 294276, fraction: 6, infinity: true, bcYears: true } as const;
const DATE_SHAPES: Record<string, DateShape> = {
  date: { ...DATE, date: 'required', time: 'no', maxYear: 5874897 },
  'timestamp without time zone': { ...DATE, date: 'required', time: 'optional' },
  'timestamp with time zone': { ...DATE, date: 'required', time: 'required', zone: 'required' },
  'time without time zone': { ...DATE, date: 'no', time: 'required', hour24: true },
  'time with time zone': { ...DATE, date: 'no', time: 'required', zone: 'required', hour24: true },
};

/** PostgreSQL (and CockroachDB through TypeORM's postgres driver). */
export const postgres = Object.freeze<SqlDialect>({
  name: 'postgres',
  orderTerms: placedOrderTerms,
  // PostgreSQL treats NULL as larger than any value.
  nullsSortFirst: (order, nulls) => nullsFirst(true, order, nulls),
  limitClause: limitClauseWith(''),
  orderedUnionMember: (sql) => `(${sql})`,
  unionType(dataSource, column) {
    const signature = unionSignature(dataSource, column);
    if (!signature || !CASTABLE.test(signature.normalized)) return undefined;
    const array = column!.isArray ? '[]' : '';
    return { type: signature.type, nullSql: `CAST(NULL AS ${signature.normalized}${array})` };
  },
  typedUnionNulls: true,
  typedNull: (type) => `CAST(NULL AS ${type})`,
  // There is no NULL of an enum type by name: enum values come as text (the label).
  enumValuesAsText: true,
  castTypeOf: (dataSource, column) =>
    namedEnumType(dataSource, column) ?? dataSource.driver.normalizeType(column),
  commonKeyType,
  enumsSortByDeclaration: true,
  enumTypeName: namedEnumType,
  // Its position in its own type's labels (enum_range needs no type name, and a NULL stays NULL).
  enumOrdinalSql: (expr) => `array_position(enum_range(${expr}), ${expr})`,
  bindable: (value) => value,
  shiftPlaceholders: renumber,
  explain: (sql) => `EXPLAIN ${sql}`,
  singleConnection: false,
  cursorValues: {
    textProblem: (value) =>
      value.includes('\u0000') ? 'holds a NUL character, which PostgreSQL text cannot' : undefined,
    singleFloats: new Set(['real', 'float4']),
    integersAre64Bit: false,
    decimalsKeepPrecision: true,
    specialDecimal,
    dateShapes: DATE_SHAPES,
  },
});
