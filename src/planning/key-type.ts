import type { ColumnMetadata } from '../typeorm/internals';
import type { DataSource } from 'typeorm';
import type { Member } from '../model/member';
import { IncompatibleOrderingError } from '../errors';
import { columnFamily } from '../metadata/column-family';
import type { SortSource } from '../model/member-sort-key';
import { dialectOf, type Dialect } from '../dialect/dialect';
import { isEnumColumn, namedEnumType, sortSql } from '../dialect/enum-order';

/**
 * How one builder's value of a sort column is ordered, compared with a position and carried in one. The
 * key query's ORDER BY and the keyset condition after a position must make one comparison: both work on
 * the value in the comparison type (the union's common type over every builder of the DataSource, so it
 * does not change when builders drop out of a statement), and positions carry the value exactly.
 */
export interface KeyType {
  /** CAST target the builder's value is converted to, where its own type is not the comparison type. */
  readonly cast?: string;
  /** CAST target a position's value is bound as (the comparison type), where the database needs one. */
  readonly param?: string;
  /** CAST target of the copy positions read, where the value as the driver reads it is not exact. */
  readonly exact?: string;
}

/** Each builder's (by `#`) key type of each sort column it fills with a column. */
export type KeyTypes = ReadonlyMap<number, ReadonlyMap<string, KeyType>>;

/** The value of a sort column in a branch, in the comparison type. */
export function keyValueSql(sql: string, type: KeyType | undefined): string {
  return type?.cast ? `CAST(${sql} AS ${type.cast})` : sql;
}

/**
 * What the key query orders a sort column by and the keyset condition compares: the value in the comparison
 * type, or an enum label's ordinal (ordering/enum-order.ts). One function, so the two never disagree.
 */
export function comparedSql(
  dialect: Dialect,
  labels: readonly string[] | undefined,
  sql: string,
  type: KeyType | undefined,
): string {
  return sortSql(dialect, labels, keyValueSql(sql, type));
}

/** The copy of a sort column's value that positions read (the value itself where it is exact). */
export function exactValueSql(sql: string, type: KeyType | undefined): string {
  const value = keyValueSql(sql, type);
  return type?.exact ? `CAST(${value} AS ${type.exact})` : value;
}

/**
 * The key types of a plan's sort columns. Builders of one DataSource that fill a column with columns of
 * different types are compared in the widest (a timestamp over a date, a decimal over an integer, a
 * float over both); types with no such common type are refused before any SQL.
 */
export function planKeyTypes(
  columns: readonly string[],
  sources: ReadonlyMap<number, ReadonlyMap<string, SortSource>>,
  members: readonly Member[],
  pathOf: (column: string) => string,
): KeyTypes {
  const types = new Map(members.map((m) => [m.index, new Map<string, KeyType>()]));
  for (const name of columns) {
    const byDataSource = new Map<DataSource, { index: number; column: ColumnMetadata }[]>();
    for (const member of members) {
      const source = sources.get(member.index)?.get(name);
      const column = source && source.kind !== 'index' ? source.column : undefined;
      if (!column) continue;
      const list = byDataSource.get(member.dataSource) ?? [];
      list.push({ index: member.index, column });
      byDataSource.set(member.dataSource, list);
    }
    for (const [dataSource, filled] of byDataSource) {
      const typed = filled.map(({ column }) => describe(dataSource, column));
      const common = commonType(dataSource, typed, () => pathOf(name));
      filled.forEach(({ index }, i) => types.get(index)!.set(name, common(typed[i])));
    }
  }
  return types;
}

/** A column's type as this package compares it: its name on the database, rank among its kind, size. */
interface Described {
  /** `Entity.property`, for messages. */
  readonly field: string;
  readonly type: string;
  readonly family: string;
  readonly precision?: number;
  readonly scale?: number;
  readonly unsigned?: boolean;
  readonly enum?: boolean;
}

function describe(dataSource: DataSource, column: ColumnMetadata): Described {
  return {
    field: `${column.entityMetadata.name}.${column.propertyPath}`,
    // PostgreSQL's enum types go by their names (TypeORM's 'enum' is no type): see ordering/enum-order.ts.
    type: isEnumColumn(column)
      ? (namedEnumType(dataSource, column) ?? 'enum')
      : sizedType(dataSource.driver.normalizeType(column).toLowerCase(), column),
    enum: isEnumColumn(column),
    family: columnFamily(column),
    precision: column.precision ?? undefined,
    scale: column.scale ?? undefined,
    unsigned: column.unsigned,
  };
}

/** PostgreSQL's `character` with no length is `character(1)`: a cast to it would cut a `char(n)` value. */
function sizedType(type: string, column: ColumnMetadata): string {
  return type === 'character' && column.length ? `character(${column.length})` : type;
}

type Common = (own: Described) => KeyType;

function commonType(dataSource: DataSource, typed: readonly Described[], path: () => string): Common {
  switch (dialectOf(dataSource)) {
    case 'postgres':
      return postgresCommon(typed, path);
    case 'mysql':
      return mysqlCommon(typed, path);
    case 'sqlite':
      // SQLite compares what is stored; only 64-bit integers need carrying as text (the driver reads a number).
      return (own) => (SQLITE_BIG_INTEGER.test(own.type) ? { exact: 'TEXT' } : {});
  }
}

const SQLITE_BIG_INTEGER = /^(bigint|int8|unsigned big int)$/;

/** PostgreSQL's UNION picks the last of these a column's types all convert to implicitly. */
const POSTGRES_RANKS = [
  ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'],
  ['date', 'timestamp without time zone', 'timestamp with time zone'],
  ['time without time zone', 'time with time zone'],
];

function postgresCommon(typed: readonly Described[], path: () => string): Common {
  // Enums are compared by their labels' ordinals, or as their one named type (ordering/enum-order.ts).
  if (typed.some((t) => t.enum)) return (own) => ({ param: own.type === 'enum' ? undefined : own.type });
  const exact = (own: Described) => (own.family === 'date' ? 'VARCHAR' : undefined);
  const types = new Set(typed.map((t) => t.type));
  if (types.size === 1) return (own) => ({ param: own.type, exact: exact(own) });
  const ranks = POSTGRES_RANKS.find((list) => [...types].every((t) => list.includes(t)));
  if (!ranks) {
    refuseMixed(typed, path);
    return (own) => ({ param: own.type });
  }
  const common = ranks[Math.max(...[...types].map((t) => ranks.indexOf(t)))];
  return (own) => ({ cast: own.type === common ? undefined : common, param: common, exact: exact(own) });
}

const MYSQL_INTEGERS = /^(tinyint|smallint|mediumint|int|integer|bigint)$/;
const MYSQL_FLOATS = /^(float|double|real)$/;
const MYSQL_DATES = /^(date|datetime|timestamp)$/;
const MYSQL_DECIMAL_DIGITS = 65;

function mysqlCommon(typed: readonly Described[], path: () => string): Common {
  const signature = (t: Described) => JSON.stringify([t.type, t.precision, t.scale, t.unsigned]);
  if (new Set(typed.map(signature)).size === 1) {
    // A FLOAT is read back as its shortest decimal text, not the value stored: carry it as a DOUBLE.
    return (own) => ({
      exact: own.type === 'float' ? 'DOUBLE' : own.family === 'date' ? 'CHAR' : undefined,
    });
  }
  const all = (pattern: RegExp) => typed.every((t) => pattern.test(t.type));
  const numeric = typed.every(
    (t) => MYSQL_INTEGERS.test(t.type) || MYSQL_FLOATS.test(t.type) || t.type === 'decimal',
  );
  if (numeric && typed.some((t) => MYSQL_FLOATS.test(t.type)))
    return castTo('DOUBLE', (t) => t.type === 'double');
  if (numeric) {
    const scale = Math.max(...typed.map((t) => (t.type === 'decimal' ? (t.scale ?? 0) : 0)));
    const digits = Math.max(
      ...typed.map((t) => (t.type === 'decimal' ? (t.precision ?? 10) - (t.scale ?? 0) : 20)),
    );
    if (digits + scale <= MYSQL_DECIMAL_DIGITS)
      return castTo(`DECIMAL(${MYSQL_DECIMAL_DIGITS},${scale})`, () => false);
  }
  // Dates and times of day, at the finest precision among them.
  const times = all(/^time$/) ? 'time' : all(MYSQL_DATES) ? 'datetime' : undefined;
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

/** Every builder's value in `common` (but those already of that type), positions bound as it too. */
function castTo(common: string, isCommon: (t: Described) => boolean): Common {
  return (own) => ({ cast: isCommon(own) ? undefined : common, param: common });
}

/** Numbers or dates of types the database has no one comparison for. */
function refuseMixed(typed: readonly Described[], path: () => string): void {
  if (!typed.some((t) => t.family === 'number' || t.family === 'date')) return;
  const fields = typed.map((t) => `${t.field} is ${t.type}`).join(', ');
  throw new IncompatibleOrderingError(
    path(),
    `${fields}: this database has no one type to compare them in. Give the entities columns of one type, ` +
      `or of types one converts to (an integer and a decimal, a date and a timestamp).`,
  );
}
