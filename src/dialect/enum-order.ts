import type { DataSource } from 'typeorm';
import type { Member } from '../model/member';
import { IncompatibleOrderingError } from '../errors';
import { isEnumColumn } from '../metadata/column-family';
import { dialectOf, type SqlDialect } from './dialect';
import type { MemberSortKey, SortSource } from '../model/member-sort-key';

/*
 * Enums that the database sorts by declaration, not by label: PostgreSQL's enum types and MariaDB/MySQL's
 * ENUM (TypeORM's 'enum' and 'simple-enum' alike; SQLite keeps a simple-enum as CHECKed text and sorts it as
 * text). A UNION of them is no enum any more (MariaDB makes it a string, PostgreSQL refuses two enum types),
 * so the key query orders and seeks by the label's ordinal in its declaration (1, 2, …) instead, and a
 * position holds the label. On PostgreSQL, builders whose columns all have one named type (`enumName`)
 * keep the column itself, NULLs and positions cast to that type: an index on the column serves them.
 */

/**
 * The labels in declaration order when the key is ordered by their ordinal: an enum the database sorts by
 * declaration, unless every builder's column has the same named PostgreSQL type. Else undefined.
 */
export function ordinalLabels(
  dataSource: DataSource,
  sources: readonly SortSource[],
): readonly string[] | undefined {
  const labels = sources.length ? declaredLabels(dataSource, sources[0]) : undefined;
  const dialect = dialectOf(dataSource);
  const types = new Set(
    sources.map((s) => (s.kind === 'index' ? undefined : dialect.enumTypeName(dataSource, s.column))),
  );
  return labels && (types.size !== 1 || types.has(undefined)) ? labels : undefined;
}

/** The labels in declaration order when the database sorts this source by them, else undefined. */
export function declaredLabels(dataSource: DataSource, source: SortSource): readonly string[] | undefined {
  const column = source.kind === 'index' ? undefined : source.column;
  if (!isEnumColumn(column) || !dialectOf(dataSource).enumsSortByDeclaration) return undefined;
  return column!.enum!.map(String);
}

/**
 * The SQL a key sorts and seeks by: the label's ordinal for an enum sorted by declaration (see
 * `SqlDialect.enumOrdinalSql`), else the value.
 */
export function sortSql(dialect: SqlDialect, labels: readonly string[] | undefined, expr: string): string {
  return labels ? dialect.enumOrdinalSql(expr) : expr;
}

/** The label a key row's ordinal stands for (what a position, and so a cursor, holds). */
export function labelAt(labels: readonly string[], ordinal: unknown): unknown {
  return ordinal === null || ordinal === undefined ? ordinal : labels[Number(ordinal) - 1];
}

/** The ordinal a position's label is compared by. */
export function ordinalOf(labels: readonly string[], label: unknown): number {
  return labels.indexOf(String(label)) + 1;
}

/**
 * Throws, before any SQL, when the entities' enums for one order key cannot be put in one order: on a
 * database that sorts enums by declaration, every entity's column must be an enum with the same labels in
 * the same order (one type on PostgreSQL, or types declared alike).
 */
export function checkEnumKeys(
  path: string,
  resolved: readonly { readonly member: Member; readonly keys: readonly MemberSortKey[] }[],
): void {
  const [first, ...rest] = resolved;
  if (!first) return;
  first.keys.forEach((key, j) => {
    const expected = declaredLabels(first.member.dataSource, key.source);
    for (const other of rest) {
      const got = declaredLabels(other.member.dataSource, other.keys[j].source);
      if (expected === got || (expected && got && expected.join('\u0000') === got.join('\u0000'))) continue;
      if (!expected && !got) continue;
      throw new IncompatibleOrderingError(
        path,
        `the database sorts an enum by the order its labels are declared in, and ${describe(first.member.metadata.name, key.source, expected)} ` +
          `but ${describe(other.member.metadata.name, other.keys[j].source, got)}, so no one order fits both. ` +
          `Declare the same labels in the same order on every entity (one enumName, for instance), or order by another field.`,
      );
    }
  });
}

function describe(entity: string, source: SortSource, labels: readonly string[] | undefined): string {
  const column = source.kind === 'index' ? undefined : source.column;
  const name = `${entity}.${column?.propertyPath ?? '#'}`;
  if (!labels) {
    const type = typeof column?.type === 'function' ? column.type.name : String(column?.type ?? '#');
    return `${name} is ${type}, not such an enum`;
  }
  const type = column!.enumName ? `enum type ${column!.enumName}` : `an enum`;
  return `${name} is ${type} (${labels.map((l) => `'${l}'`).join(', ')})`;
}
