import type { SelectQueryBuilder } from 'typeorm';
import type { SortSource } from '../model/member-sort-key';
import type { Materialized } from './materialize';
import { unorderedClone } from '../typeorm/internals';

/** SQL for a sort or value source inside one branch. */
export function sourceSql(materialized: Materialized, source: SortSource): string {
  const escape = (name: string) => materialized.member.dataSource.driver.escape(name);
  switch (source.kind) {
    case 'index':
      return String(materialized.member.index);
    case 'column':
      return `${escape(materialized.aliasOf(source.joinPath))}.${escape(source.column.databaseName)}`;
    case 'raw':
      return source.sql;
  }
}

/** Suffix of the exact copy of a sort column, read by positions (cursors, stream): see key-type.ts. */
export const TEXT_SUFFIX = '_txt';

/** A copy of the builder that selects only what the caller asks for, unordered and unpaged. */
export function bareCopy(materialized: Materialized): SelectQueryBuilder<any> {
  return unorderedClone(materialized.qb, { clearSelection: true });
}
