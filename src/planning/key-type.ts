import type { ColumnMetadata } from '../typeorm/internals';
import type { DataSource } from 'typeorm';
import type { Member } from '../model/member';
import { columnFamily, isEnumColumn } from '../metadata/column-family';
import type { SortSource } from '../model/member-sort-key';
import { dialectOf, type SqlDialect } from '../dialect/dialect';
import { sortSql } from '../dialect/enum-order';
import type { DescribedColumn, KeyType } from '../dialect/sql-dialect';

export type { KeyType } from '../dialect/sql-dialect';

/** Each builder's (by `#`) key type of each sort column it fills with a column. */
export type KeyTypes = ReadonlyMap<number, ReadonlyMap<string, KeyType>>;

/** The value of a sort column in a branch, in the comparison type. */
export function keyValueSql(sql: string, type: KeyType | undefined): string {
  return type?.cast ? `CAST(${sql} AS ${type.cast})` : sql;
}

/**
 * What the key query orders a sort column by and the keyset condition compares: the value in the comparison
 * type, or an enum label's ordinal (dialect/enum-order.ts). One function, so the two never disagree.
 */
export function comparedSql(
  dialect: SqlDialect,
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
  const types = new Map(members.map((member) => [member.index, new Map<string, KeyType>()]));
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
      const common = dialectOf(dataSource).commonKeyType(typed, () => pathOf(name));
      filled.forEach(({ index }, i) => types.get(index)!.set(name, common(typed[i])));
    }
  }
  return types;
}

/** A column's type as this package compares it: its name on the database, rank among its kind, size. */
function describe(dataSource: DataSource, column: ColumnMetadata): DescribedColumn {
  return {
    field: `${column.entityMetadata.name}.${column.propertyPath}`,
    // PostgreSQL's enum types go by their names (TypeORM's 'enum' is no type): see dialect/enum-order.ts.
    type: isEnumColumn(column)
      ? (dialectOf(dataSource).enumTypeName(dataSource, column) ?? 'enum')
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
