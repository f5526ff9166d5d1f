import { zerofillOf, type ColumnMetadata } from '../typeorm/internals';
import type { DataSource } from 'typeorm';
import { namedEnumType } from './enum-order';
import { dialectOf } from './dialect';

/** PostgreSQL's built-in types a NULL can be cast to by name (enums, domains and PostGIS cannot). */
const CASTABLE =
  /^(smallint|integer|bigint|numeric|decimal|real|double precision|boolean|character varying|character|varchar|char|text|citext|date|time without time zone|time with time zone|timestamp without time zone|timestamp with time zone|interval|uuid|json|jsonb|bytea|money|inet|cidr|macaddr|xml)$/;

const VARYING_TEXT = /^(character varying|varchar|nvarchar)$/;

/** A column's type as UNION sees it: columns with one signature can share a key-query column. */
export interface UnionType {
  readonly type: string;
  /** What branches that do not fill the column put there: NULL, typed where UNION needs it (PostgreSQL). */
  readonly nullSql: string;
}

/**
 * The column's type signature and NULL, or undefined when UNION could not match it with a typed NULL
 * (PostgreSQL enums, for instance). SQLite keeps each value as stored, so every column shares; on the
 * others UNION converts to a common type, so only columns whose values it returns unchanged share.
 */
export function unionTypeOf(
  dataSource: DataSource,
  column: ColumnMetadata | undefined,
): UnionType | undefined {
  const dialect = dialectOf(dataSource);
  if (dialect === 'sqlite') return { type: 'any', nullSql: 'NULL' };
  if (!column || column.isVirtualProperty) return undefined;
  const normalized = dataSource.driver.normalizeType(column);
  const type = JSON.stringify([
    normalized,
    // UNION gives varchars of different lengths the longest (PostgreSQL: no) length, values unchanged
    VARYING_TEXT.test(normalized) ? '' : column.length,
    column.precision,
    column.scale,
    column.unsigned,
    zerofillOf(column),
    column.isArray,
    column.charset,
    column.collation,
    column.enum,
  ]);
  if (dialect === 'mysql') return { type, nullSql: 'NULL' };
  if (!CASTABLE.test(normalized)) return undefined;
  return { type, nullSql: `CAST(NULL AS ${normalized}${column.isArray ? '[]' : ''})` };
}

/** The type a PostgreSQL cast names for a column: an enum by its `enumName` (TypeORM's `'enum'` is no type). */
export function castTypeOf(dataSource: DataSource, column: ColumnMetadata): string {
  return namedEnumType(dataSource, column) ?? dataSource.driver.normalizeType(column);
}
