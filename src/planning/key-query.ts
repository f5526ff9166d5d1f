import type { SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SortSource } from '../ordering/member-sort-key';
import { dialectOf, limitClause, orderTerm, type Dialect } from './dialect';
import type { Materialized } from './materialize';
import type { Projection } from './projection';
import type { SortPlan } from './sort-plan';
import { combine, type Statement } from './statement';

/** SQL for a sort or value source inside one branch. */
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

/** A column of the key query: which builder fills it from where; NULL (typed) in the others. */
interface KeyColumn {
  readonly name: string;
  readonly sources: ReadonlyMap<number, SortSource>;
}

function keyColumns(plan: SortPlan, projection?: Projection): KeyColumn[] {
  const columns: KeyColumn[] = plan.columns.map((c) => ({
    name: c.name,
    sources: new Map([...plan.sources].flatMap(([i, s]) => (s.has(c.name) ? [[i, s.get(c.name)!]] : []))),
  }));
  for (const [index, values] of projection ?? []) {
    for (const value of values) columns.push({ name: value.name, sources: new Map([[index, value.source]]) });
  }
  return columns;
}

/** NULL for a column another builder fills; typed on PostgreSQL so that UNION can match the branches. */
function nullFor(m: Materialized, column: KeyColumn): string {
  if (dialectOf(m.member.dataSource) !== 'postgres') return 'NULL';
  for (const source of column.sources.values()) {
    const typed: ColumnMetadata | undefined = source.kind === 'index' ? undefined : source.column;
    if (typed) return `CAST(NULL AS ${m.member.dataSource.driver.normalizeType(typed)})`;
    if (source.kind === 'index') return 'CAST(NULL AS integer)';
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

/** One branch of the key query: `#`, the order keys, the primary key (and values) of each matching row. */
function keyBranch(m: Materialized, columns: readonly KeyColumn[]): Statement {
  const qb = bareCopy(m);
  for (const column of columns) {
    const source = column.sources.get(m.member.index);
    qb.addSelect(source ? sourceSql(m, source) : nullFor(m, column), column.name);
  }
  if (m.mayRepeatRows) qb.distinct(true);
  const [sql, parameters] = qb.getQueryAndParameters();
  return { sql, parameters };
}

/** ORDER BY over key-query column names, the sort columns given. */
function orderByNames(
  dialect: Dialect,
  escape: (n: string) => string,
  plan: SortPlan,
  prefix: string,
): string {
  return plan.columns
    .map((c) => orderTerm(dialect, `${prefix}${escape(c.name)}`, c.order, c.nulls))
    .join(', ');
}

export interface Page {
  readonly skip?: number;
  readonly take?: number;
}

export interface KeyQueryOptions {
  /** Extra value columns (getValues). */
  readonly projection?: Projection;
  /** Each branch keeps only its first row in the total order (getFirst/getLast). */
  readonly headsOnly?: boolean;
}

/** The key query of builders sharing one DataSource: the database orders and pages the union. */
export function keyQuery(
  branches: readonly Materialized[],
  plan: SortPlan,
  page: Page,
  options: KeyQueryOptions = {},
): Statement {
  const dataSource = branches[0].member.dataSource;
  const dialect = dialectOf(dataSource);
  const escape = (name: string) => dataSource.driver.escape(name);
  const columns = keyColumns(plan, options.projection);
  const parts = branches.map((b) => {
    const branch = keyBranch(b, columns);
    if (!options.headsOnly) return branch;
    const own = {
      ...plan,
      columns: plan.columns.filter((c) => c.shared || plan.sources.get(b.member.index)!.has(c.name)),
    };
    const sql = `SELECT * FROM (${branch.sql} ORDER BY ${orderByNames(dialect, escape, own, '')} LIMIT 1) ${escape(`seq_h${b.member.index}`)}`;
    return { sql, parameters: branch.parameters };
  });
  const seq = escape('seq');
  return combine(
    dialect,
    parts,
    (sqls) =>
      `SELECT * FROM (${sqls.join(' UNION ALL ')}) ${seq} ORDER BY ${orderByNames(dialect, escape, plan, `${seq}.`)}` +
      limitClause(dialect, page.skip, page.take),
  );
}
