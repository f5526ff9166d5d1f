import { dataSourceOf } from '../planning/typeorm-internals';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { withOwnParameterNames } from './rename-parameters';

/**
 * `(pk) IN (SELECT pk FROM (<builder>) ...)` for a builder of the same entity: the condition that keeps
 * the rows `source` returns. The inner builder is wrapped in a derived table, which MariaDB needs when
 * the outer statement updates or deletes from the same table.
 */
export function primaryKeyIn(
  outerAlias: string | undefined,
  source: SelectQueryBuilder<any>,
): { condition: string; parameters: ObjectLiteral } {
  const metadata = source.expressionMap.mainAlias!.metadata;
  const escape = (name: string) => dataSourceOf(source).driver.escape(name);
  const inner = source.clone();
  inner.expressionMap.orderBys = {};
  inner.setOption('disable-global-order');
  inner.expressionMap.selects = [];
  const keys = metadata.primaryColumns.map((column, j) => {
    inner.addSelect(`${escape(source.alias)}.${escape(column.databaseName)}`, `seq_pk${j}`);
    return { column, name: `seq_pk${j}` };
  });
  const { sql, parameters } = withOwnParameterNames(inner);
  const outer = keys.map(({ column }) =>
    outerAlias ? `${escape(outerAlias)}.${escape(column.databaseName)}` : escape(column.databaseName),
  );
  const innerColumns = keys.map(({ name }) => escape(name)).join(', ');
  const left = outer.length === 1 ? outer[0] : `(${outer.join(', ')})`;
  return {
    condition: `${left} IN (SELECT ${innerColumns} FROM (${sql}) ${escape('seq_ids')})`,
    parameters,
  };
}
