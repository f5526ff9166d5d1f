import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dataSourceOf, mainMetadataOf, unorderedClone } from '../typeorm/internals';
import { withOwnParameterNames } from './rename-parameters';

/*
 * Restricting one builder (or a write) to the rows another builder returns, by primary key. The other
 * builder's SQL goes in as a derived table with its parameters renamed, so the two never clash.
 */

let counter = 0;

/** `SELECT pk AS seq_pk0, … FROM (<builder>)`: the primary keys a builder returns. */
function primaryKeysOf(source: SelectQueryBuilder<any>): { sql: string; parameters: ObjectLiteral } {
  const metadata = mainMetadataOf(source)!;
  const escape = (name: string) => dataSourceOf(source).driver.escape(name);
  const inner = unorderedClone(source, { clearSelection: true });
  metadata.primaryColumns.forEach((column, j) =>
    inner.addSelect(`${escape(source.alias)}.${escape(column.databaseName)}`, `seq_pk${j}`),
  );
  return withOwnParameterNames(inner);
}

/**
 * `(pk) IN (SELECT … FROM (<source>) …)`, for writes. The derived table is what MariaDB needs to update or
 * delete from the table the subquery reads.
 */
export function primaryKeyIn(
  outerAlias: string | undefined,
  source: SelectQueryBuilder<any>,
): { condition: string; parameters: ObjectLiteral } {
  const metadata = mainMetadataOf(source)!;
  const escape = (name: string) => dataSourceOf(source).driver.escape(name);
  const { sql, parameters } = primaryKeysOf(source);
  const outer = metadata.primaryColumns.map((column) =>
    outerAlias ? `${escape(outerAlias)}.${escape(column.databaseName)}` : escape(column.databaseName),
  );
  const inner = metadata.primaryColumns.map((_, j) => escape(`seq_pk${j}`)).join(', ');
  const left = outer.length === 1 ? outer[0] : `(${outer.join(', ')})`;
  return { condition: `${left} IN (SELECT ${inner} FROM (${sql}) ${escape('seq_ids')})`, parameters };
}

/**
 * Restricts `target` to the rows whose primary key some `source` returns (several sources: any of them,
 * each key once), with an inner join to a derived table of those keys. Unlike a WHERE condition, a join
 * survives a later `where()` on the result, and the target keeps its own joins and selection.
 */
export function joinPrimaryKeysOf(
  target: SelectQueryBuilder<any>,
  sources: readonly SelectQueryBuilder<any>[],
): void {
  const metadata = mainMetadataOf(target)!;
  const escape = (name: string) => dataSourceOf(target).driver.escape(name);
  const alias = `seq_keys${++counter}`;
  const keys = sources.map(primaryKeysOf);
  const derived = keys.map((k, i) => `SELECT * FROM (${k.sql}) ${escape(`${alias}_${i}`)}`).join(' UNION ');
  const on = metadata.primaryColumns
    .map(
      (column, j) =>
        `${escape(alias)}.${escape(`seq_pk${j}`)} = ${escape(target.alias)}.${escape(column.databaseName)}`,
    )
    .join(' AND ');
  target.innerJoin(`(${derived})`, alias, on);
  for (const { parameters } of keys) target.setParameters(parameters);
}
