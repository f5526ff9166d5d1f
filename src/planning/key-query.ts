import type { SelectQueryBuilder } from 'typeorm';
import type { SortSource } from '../ordering/member-sort-key';
import { dialectOf, limitClause, orderTerm } from './dialect';
import type { Materialized } from './materialize';
import type { SortPlan } from './sort-plan';
import { combine, type Statement } from './statement';

/** SQL for a sort source inside one branch. */
export function sourceSql(m: Materialized, source: SortSource): string {
  const escape = (name: string) => m.member.dataSource.driver.escape(name);
  switch (source.kind) {
    case 'index':
      return String(m.member.index);
    case 'column':
      return `${escape(m.aliasOf(source.joinPath))}.${escape(source.column.databaseName)}`;
    case 'raw':
      return source.sql;
  }
}

/** NULL for a column another builder fills; typed on PostgreSQL so that UNION can match the branches. */
function nullFor(m: Materialized, plan: SortPlan, name: string): string {
  if (dialectOf(m.member.dataSource) !== 'postgres') return 'NULL';
  for (const sources of plan.sources.values()) {
    const source = sources.get(name);
    const column = source && source.kind !== 'index' ? source.column : undefined;
    if (column) return `CAST(NULL AS ${m.member.dataSource.driver.normalizeType(column)})`;
  }
  return 'NULL';
}

/** A copy of the builder that selects only what the caller asks for, unordered and unpaged. */
export function bareCopy(m: Materialized): SelectQueryBuilder<any> {
  const qb = m.qb.clone();
  qb.expressionMap.selects = [];
  qb.expressionMap.orderBys = {};
  qb.setOption('disable-global-order');
  return qb;
}

/** One branch of the key query: `#`, the order keys and the primary key of each matching row. */
export function keyBranch(m: Materialized, plan: SortPlan): Statement {
  const qb = bareCopy(m);
  const sources = plan.sources.get(m.member.index)!;
  for (const column of plan.columns) {
    const source = sources.get(column.name);
    qb.addSelect(source ? sourceSql(m, source) : nullFor(m, plan, column.name), column.name);
  }
  if (m.mayRepeatRows) qb.distinct(true);
  const [sql, parameters] = qb.getQueryAndParameters();
  return { sql, parameters };
}

export interface Page {
  readonly skip?: number;
  readonly take?: number;
}

/** The key query of builders sharing one DataSource: the database orders and pages the union. */
export function keyQuery(branches: readonly Materialized[], plan: SortPlan, page: Page): Statement {
  const dataSource = branches[0].member.dataSource;
  const dialect = dialectOf(dataSource);
  const escape = (name: string) => dataSource.driver.escape(name);
  const orderBy = plan.columns
    .map((c) => orderTerm(dialect, `${escape('seq')}.${escape(c.name)}`, c.order, c.nulls))
    .join(', ');
  return combine(
    dialect,
    branches.map((b) => keyBranch(b, plan)),
    (sqls) =>
      `SELECT * FROM (${sqls.join(' UNION ALL ')}) ${escape('seq')} ORDER BY ${orderBy}` +
      limitClause(dialect, page.skip, page.take),
  );
}
