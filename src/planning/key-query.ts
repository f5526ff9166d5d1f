import type { ColumnMetadata } from '../typeorm/internals';
import { dialectOf, type SqlDialect } from '../dialect/dialect';
import { orderTermsSql } from '../dialect/order-terms';
import { earlierParts, partKey, partReader, type BranchStatement, type BuilderBranch } from './branch-parts';
import { textKeyColumns, WEIGHT_SUFFIX } from './merge-keys';
import type { Materialized } from './materialize';
import type { Projection } from './projection';
import { INDEX_COLUMN, type SortColumn, type SortPlan } from './sort-plan';
import { bracketOwnConditions } from '../typeorm/internals';
import type { CarriedSlot, CarryLayout } from './carry-layout';
import { seekCondition, type Position } from './seek';
import { comparedSql, exactValueSql, type KeyType } from './key-type';
import { combine, type Statement } from './statement';
import { memo } from '../util/memo';
import { LruCache } from '../util/lru';
import { bareCopy, sourceSql, TEXT_SUFFIX } from './branch-sql';
import type { SortSource } from '../model/member-sort-key';
import { interleavedSql, quotaLimit, type Quota } from './quota';
import { ordinalOf } from '../dialect/enum-order';
import { isEnumColumn } from '../metadata/column-family';

/** A column of the key query: which builder fills it from where; NULL (typed) in the others. */
interface KeyColumn {
  readonly name: string;
  readonly sources: ReadonlyMap<number, SortSource>;
  /** A sort column's key types by `#`: its values in the comparison type. */
  readonly types?: ReadonlyMap<number, KeyType>;
  /** The exact copy positions read (dates as the database's text, 64-bit integers, floats as stored). */
  readonly asText?: boolean;
  /** Carried entity columns (each builder's own, NULL in the others). */
  readonly carried?: CarriedSlot;
  /** An enum sorted by declaration: the column holds the label's ordinal (see ordering/enum-order.ts). */
  readonly labels?: readonly string[];
  /** The binary sort key of a text sort column (merging several statements: see dialect textSortKeySql). */
  readonly weight?: boolean;
}

function keyColumns(
  plan: SortPlan,
  sortColumns: readonly SortColumn[],
  options: KeyQueryOptions,
  dialect: SqlDialect,
): KeyColumn[] {
  const columns: KeyColumn[] = sortColumns.map((c) => ({
    name: c.name,
    sources: new Map([...plan.sources].flatMap(([i, s]) => (s.has(c.name) ? [[i, s.get(c.name)!]] : []))),
    labels: c.labels,
    types: new Map(
      [...plan.keyTypes].flatMap(([i, types]) => (types.has(c.name) ? [[i, types.get(c.name)!]] : [])),
    ),
  }));
  if (options.positions) {
    for (const column of [...columns]) {
      if ([...column.types!.values()].some((type) => type.exact)) {
        columns.push({ ...column, name: column.name + TEXT_SUFFIX, asText: true });
      }
    }
  }
  if (options.weights) {
    const text = textKeyColumns(plan);
    for (const column of columns.filter((c) => text.has(c.name))) {
      if (dialect.textSortKeySql('x') === undefined) break;
      columns.push({ ...column, name: column.name + WEIGHT_SUFFIX, weight: true });
    }
  }
  for (const [index, values] of options.projection ?? []) {
    for (const value of values) {
      // PostgreSQL has no NULL of an enum type by name: enum values come as text (the label).
      const text =
        dialect.enumValuesAsText && value.source.kind === 'column' && isEnumColumn(value.source.column);
      columns.push({
        name: value.name,
        sources: new Map([[index, value.source]]),
        ...(text && { asText: true, types: new Map([[index, { exact: 'VARCHAR' }]]) }),
      });
    }
  }
  for (const slot of options.carry?.slots ?? [])
    columns.push({ name: slot.name, sources: new Map(), carried: slot });
  return columns;
}

/** NULL for a column another builder fills; typed on PostgreSQL so that UNION can match the branches. */
function nullFor(materialized: Materialized, column: KeyColumn): string {
  const dataSource = materialized.member.dataSource;
  const dialect = dialectOf(dataSource);
  if (!dialect.typedUnionNulls) return 'NULL';
  if (column.asText) return dialect.typedNull('VARCHAR');
  if (column.labels) return dialect.typedNull('integer');
  for (const source of column.sources.values()) {
    const typed: ColumnMetadata | undefined = source.kind === 'index' ? undefined : source.column;
    if (typed) return dialect.typedNull(dialect.castTypeOf(dataSource, typed));
    if (source.kind === 'index') return dialect.typedNull('integer');
  }
  return 'NULL';
}

/**
 * One branch of the key query: `#`, the order keys, the primary key (and values) of each matching row;
 * after a position, one statement per part of the seek (see seek.ts), none when the position rules the
 * whole builder out.
 */
function keyBranch(
  materialized: Materialized,
  plan: SortPlan,
  columns: readonly KeyColumn[],
  options: KeyQueryOptions,
): BranchStatement[] {
  const seek = options.after
    ? seekCondition(materialized, plan, options.after.position, options.after.inclusive ?? false)
    : true;
  if (seek === false) return [];
  const parts = seek === true ? [undefined] : seek.parts;
  return parts.map((part) => {
    const qb = bareCopy(materialized);
    if (part !== undefined && seek !== true) {
      bracketOwnConditions(qb);
      qb.andWhere(part.sql, seek.parameters);
    }
    for (const column of columns) qb.addSelect(keyColumnSql(materialized, column), column.name);
    if (materialized.mayRepeatRows) qb.distinct(true);
    const [sql, parameters] = qb.getQueryAndParameters();
    return { sql, parameters, constant: part?.nullKey, part: part?.kind ?? 'all' };
  });
}

/**
 * What a builder's branch selects into a key-query column: its carried entity column, the copy positions
 * read (never an enum's: those carry no copy), the value the order compares, or NULL where another
 * builder fills the column.
 */
function keyColumnSql(materialized: Materialized, column: KeyColumn): string {
  const index = materialized.member.index;
  if (column.carried) return column.carried.sqlByIndex.get(index) ?? column.carried.nullSql;
  const source = column.sources.get(index);
  if (!source) return nullFor(materialized, column);
  const type = column.types?.get(index);
  const sql = sourceSql(materialized, source);
  const dialect = dialectOf(materialized.member.dataSource);
  if (column.asText) return exactValueSql(sql, type);
  const compared = comparedSql(dialect, column.labels, sql, type);
  return column.weight ? dialect.textSortKeySql(compared)! : compared;
}

const branchTemplates = new WeakMap<Materialized, WeakMap<object, Map<string, BranchStatement[]>>>();
const NO_CARRY = {};

/**
 * A builder's branch SQL, built once and reused. A builder belongs to one plan, so the SQL depends only on
 * the carried columns, whether positions are read, whether the builder is queried alone and, after a
 * position, on its shape: the position's `#`, which keys are NULL and whether it is inclusive. The
 * position's values are parameters: the SQL is built with stand-ins for them and each call binds its own
 * (a stream builds its batches' SQL once; a cursor page skips TypeORM's query building).
 */
function branchStatements(
  materialized: Materialized,
  plan: SortPlan,
  columns: readonly KeyColumn[],
  alone: boolean,
  options: KeyQueryOptions,
): BranchStatement[] {
  const { after } = options;
  const byCarry = memo(branchTemplates, materialized, () => new WeakMap());
  const byShape = memo(byCarry, options.carry ?? NO_CARRY, () => new Map());
  const key = JSON.stringify([
    !!options.positions,
    !!options.weights,
    alone,
    after && seekShape(plan, after),
  ]);
  const templates: BranchStatement[] = memo(byShape, key, () =>
    keyBranch(
      materialized,
      plan,
      columns,
      after ? { ...options, after: { ...after, position: standIns(plan, after.position) } } : options,
    ),
  );
  if (!after) return templates;
  const dialect = dialectOf(materialized.member.dataSource);
  return templates.map((template) => ({
    ...template,
    parameters: template.parameters.map((p) =>
      p instanceof PositionValue ? dialect.bindable(p.valueIn(after.position)) : p,
    ),
  }));
}

/** Stands for a position's value in seek SQL built once per shape; the value is bound per call. */
class PositionValue {
  constructor(
    readonly column: string,
    private readonly labels?: readonly string[],
  ) {}

  /** The position's value as the seek compares it: an enum's label as its ordinal. */
  valueIn(position: Position): unknown {
    const value = position[this.column];
    return this.labels ? ordinalOf(this.labels, value) : value;
  }
}

/** What of a position the seek SQL depends on: its builder's `#`, which keys it has and which are NULL. */
function seekShape(plan: SortPlan, { position, inclusive }: NonNullable<KeyQueryOptions['after']>) {
  const keys = plan.columns.map(({ name }) => {
    const value = position[name];
    return name === INDEX_COLUMN ? String(value) : value === undefined ? 'a' : value === null ? 'n' : 'v';
  });
  return [!!inclusive, keys];
}

function standIns(plan: SortPlan, position: Position): Position {
  return Object.fromEntries(
    Object.entries(position).map(([name, value]) => [
      name,
      name === INDEX_COLUMN || value === null || value === undefined
        ? value
        : new PositionValue(name, plan.columns.find((c) => c.name === name)?.labels),
    ]),
  );
}

/** ORDER BY over key-query column names, the sort columns given. */
function orderByNames(
  dialect: SqlDialect,
  escape: (n: string) => string,
  plan: SortPlan,
  prefix: string,
): string {
  return plan.columns
    .map((c) => orderTermsSql(dialect.orderTerms(`${prefix}${escape(c.name)}`, c.order, c.nulls)))
    .join(', ');
}

function withoutIndex(plan: SortPlan): SortPlan {
  return { ...plan, columns: plan.columns.filter((c) => c.name !== INDEX_COLUMN) };
}

/** Pages up to this many rows deep get ORDER BY … LIMIT pushed into each branch. */
export const PUSHDOWN_DEPTH = 10_000;

export interface Page {
  readonly skip?: number;
  readonly take?: number;
}

export interface KeyQueryOptions {
  /** Extra value columns (getValues). */
  readonly projection?: Projection;
  /** Each branch keeps only its first row in the total order (getFirst/getLast), whatever the page. */
  readonly headsOnly?: boolean;
  /** Only rows after this position (keyset), pushed into every branch's WHERE. */
  readonly after?: { readonly position: Position; readonly inclusive?: boolean };
  /** Also select text copies of date/time keys, so positions survive a round trip exactly. */
  readonly positions?: boolean;
  /** Entity columns to carry (shallow pages: hydrated without a second statement). */
  readonly carry?: CarryLayout;
  /**
   * Each branch part's own LIMIT instead of the page's depth (stream(): see branch-limits.ts); the
   * statement then tells which part a row came from (`partOf`).
   */
  readonly partLimits?: (part: string) => number;
  /** Leave out the seek parts whose rows all sort after the other parts' rows (see `earlierParts`). */
  readonly deferLater?: boolean;
  /**
   * Each branch ordered by itself even without a LIMIT (stream({ mode: 'cursor' })): the databases merge
   * branches read in index order (SQLite's MERGE, PostgreSQL's Merge Append) instead of sorting the union.
   */
  readonly orderedBranches?: boolean;
  /** takeEach()/interleave(): each branch limited to its quota, the rows dealt out in rounds. */
  readonly quota?: Quota;
  /**
   * The rows will be merged with other statements' rows: text sort keys also come as binary sort keys
   * where the database has them (dialect textSortKeySql), so the merge compares as the database orders.
   */
  readonly weights?: boolean;
}

/** A key query, and what the caller needs to read its rows. */
export interface KeyStatement extends Statement {
  /** With partLimits: the branch part a row came from (its key for partLimits). */
  readonly partOf?: (row: Readonly<Record<string, unknown>>) => string;
  /** With deferLater: parts were left out, so rows may follow the last row returned even when few came. */
  readonly deferred: boolean;
}

/**
 * The key query of builders sharing one DataSource (`group`): the database orders and pages the union.
 * Null when a seek position leaves no builder that could have rows.
 */
export function keyQuery(
  group: readonly Materialized[],
  plan: SortPlan,
  page: Page,
  options: KeyQueryOptions = {},
): KeyStatement | null {
  // Without a position the statement depends only on what is below, all derived from immutable
  // builders: built once (a first page then costs its SQL text nothing, and SQLite's statement cache
  // finds the same string).
  if (options.after || options.partLimits) return buildKeyQuery(group, plan, page, options);
  // A group of builders belongs to one plan: its order and projection are the plan's.
  const byCarry = memo(keyStatements, group, () => new WeakMap());
  const byPage = memo(
    byCarry,
    options.carry ?? NO_CARRY,
    () => new LruCache<string, KeyStatement | false>(PAGES_KEPT),
  );
  const key = JSON.stringify([
    page.skip,
    page.take,
    !!options.positions,
    !!options.headsOnly,
    !!options.deferLater,
    !!options.weights,
    !!options.orderedBranches,
    options.quota ?? null,
  ]);
  return memo(byPage, key, () => buildKeyQuery(group, plan, page, options) ?? NO_STATEMENT) || null;
}

/**
 * Page statements kept per plan: a plan is shared by every sequence of its shape (plan-sequence.ts) and
 * lives as long as the shape is used, so the pages of every skip a client asks for must not pile up.
 */
const PAGES_KEPT = 64;
const keyStatements = new WeakMap<
  readonly Materialized[],
  WeakMap<object, LruCache<string, KeyStatement | false>>
>();
const NO_STATEMENT = false;

/** What the steps of building one key query read. */
interface KeyQueryContext {
  readonly dialect: SqlDialect;
  readonly escape: (name: string) => string;
  readonly plan: SortPlan;
  /** The columns the statement orders by: the sort columns its builders fill (`#` only among several). */
  readonly order: SortPlan;
  readonly options: KeyQueryOptions;
}

/** The key query of `group`, built: its branches, each limited where that pays, in one ordered union. */
function buildKeyQuery(
  group: readonly Materialized[],
  plan: SortPlan,
  page: Page,
  options: KeyQueryOptions,
): KeyStatement | null {
  const dataSource = group[0].member.dataSource;
  const sortColumns = filledSortColumns(group, plan);
  const alone = group.length === 1;
  const context: KeyQueryContext = {
    dialect: dialectOf(dataSource),
    escape: (name) => dataSource.driver.escape(name),
    plan,
    // With one builder `#` is a constant, not an order.
    order: { ...plan, columns: alone ? sortColumns.filter((c) => c.name !== INDEX_COLUMN) : sortColumns },
    options,
  };
  const columns = keyColumns(plan, sortColumns, options, context.dialect);
  const all = group.flatMap((materialized) =>
    branchStatements(materialized, plan, columns, alone, options).map((branch) => ({ materialized, branch })),
  );
  const built = options.deferLater ? earlierParts(all, plan, context.dialect) : all;
  const branchLimit = branchLimitOf(page, options);
  const pushed =
    (branchLimit !== undefined || !!options.partLimits || !!options.orderedBranches) &&
    (built.length > 1 || options.quota?.each !== undefined);
  const parts = built.map((builderBranch) =>
    pushed ? limitedBranch(context, builderBranch, branchLimit) : builderBranch.branch,
  );
  if (parts.length === 0) return null;
  const statement = combine(context.dialect, parts, (sqls) =>
    unionSql(context, sqls, page, { pushed, alone }),
  );
  return {
    ...statement,
    partOf:
      options.partLimits &&
      partReader(built.map(({ materialized, branch }) => ({ index: materialized.member.index, branch }))),
    deferred: built.length < all.length,
  };
}

/** The sort columns these builders fill, and the shared ones. */
function filledSortColumns(group: readonly Materialized[], plan: SortPlan): SortColumn[] {
  const present = group.map((materialized) => plan.sources.get(materialized.member.index)!);
  return plan.columns.filter((c) => c.shared || present.some((s) => s.has(c.name)));
}

/**
 * The LIMIT each branch gets of its own, if any. For shallow pages each branch orders and limits itself
 * too, so an index on the order key serves it and the union only sorts (skip + take) rows per builder.
 * Deep OFFSET pages are left to the database's own top-N sort of the union, which is faster there than
 * sorting each branch first. Heads keep one row a branch; a quota caps the limit.
 */
function branchLimitOf(page: Page, options: KeyQueryOptions): number | undefined {
  const depth = (page.skip ?? 0) + (page.take ?? Infinity);
  return quotaLimit(options.quota, options.headsOnly ? 1 : depth <= PUSHDOWN_DEPTH ? depth : undefined);
}

/**
 * A branch ordered and limited by itself: by the order keys not constant in it, to its part's LIMIT
 * (stream()) or the branch limit, as a member of the compound SELECT.
 */
function limitedBranch(
  { dialect, escape, plan, order, options }: KeyQueryContext,
  { materialized, branch }: BuilderBranch,
  branchLimit: number | undefined,
): Statement {
  const index = materialized.member.index;
  // `#` is a constant inside a branch (as is a key in a seek's NULL part), and ordering by a constant
  // throws the planners off the index (SQLite scans, MariaDB sorts).
  const own = {
    ...plan,
    columns: order.columns.filter(
      (c) =>
        c.name !== INDEX_COLUMN &&
        c.name !== branch.constant &&
        (c.shared || plan.sources.get(index)!.has(c.name)),
    ),
  };
  const limit = options.partLimits?.(partKey(index, branch.part)) ?? branchLimit;
  // A stream's part LIMITs change every batch: bound, SQLite's statement stays the one it prepared.
  const bound = options.partLimits && dialect.bindable(limit) !== limit;
  const limitSql = limit === undefined ? '' : ` LIMIT ${bound ? '?' : limit}`;
  const limited = `${branch.sql} ORDER BY ${orderByNames(dialect, escape, own, '')}${limitSql}`;
  const parameters = bound ? [...branch.parameters, dialect.bindable(limit)] : branch.parameters;
  return { sql: dialect.orderedUnionMember(limited, escape(`seq_b${index}`)), parameters };
}

/**
 * The branches' union, ordered and paged: dealt out in rounds (interleave()), or sorted as one compound
 * SELECT, or as a derived table around the union.
 */
function unionSql(
  { dialect, escape, order, options }: KeyQueryContext,
  sqls: readonly string[],
  page: Page,
  { pushed, alone }: { readonly pushed: boolean; readonly alone: boolean },
): string {
  const union = sqls.join(' UNION ALL ');
  const limit = dialect.limitClause(page.skip, page.take);
  if (options.quota?.interleave && !alone) {
    const orderBy = (prefix: string, withIndex: boolean) =>
      orderByNames(dialect, escape, withIndex ? order : withoutIndex(order), prefix);
    return interleavedSql(escape, orderBy, INDEX_COLUMN, union, limit);
  }
  // Ordered branches are ordered again as one compound SELECT: a derived table around the union costs
  // the databases a plan node each (MariaDB ~0.2 ms a page); the union of whole builders keeps it,
  // because there the databases' top-N sort of a derived table is what serves deep pages.
  if (pushed && sqls.length > 1)
    return `${union} ORDER BY ${orderByNames(dialect, escape, order, '')}${limit}`;
  const seq = escape('seq');
  return `SELECT * FROM (${union}) ${seq} ORDER BY ${orderByNames(dialect, escape, order, `${seq}.`)}${limit}`;
}
