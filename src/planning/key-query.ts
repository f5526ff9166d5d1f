import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { bindable, dialectOf, limitClause, orderTerm, type Dialect } from '../dialect/dialect';
import { earlierParts, partKey, partReader, type BranchStatement } from './branch-parts';
import type { Materialized } from './materialize';
import type { Projection } from './projection';
import { INDEX_COLUMN, type SortColumn, type SortPlan } from './sort-plan';
import { bracketOwnConditions } from '../typeorm/internals';
import type { CarriedSlot, CarryLayout } from './carry-layout';
import { seekCondition, type Position } from './seek';
import { comparedSql, exactValueSql, type KeyType } from './key-type';
import { combine, type Statement } from './statement';
import { memo } from '../util/memo';
import { bareCopy, sourceSql, TEXT_SUFFIX } from './branch-sql';
import type { SortSource } from '../model/member-sort-key';
import { castTypeOf } from '../dialect/column-type';
import { interleavedSql, quotaLimit, type Quota } from './quota';
import { isEnumColumn, ordinalOf } from '../dialect/enum-order';
import { LIMITED_BRANCH_AS_SUBQUERY } from '../dialect/index-syntax';

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
}

function keyColumns(
  plan: SortPlan,
  sortColumns: readonly SortColumn[],
  options: KeyQueryOptions,
  dialect: Dialect,
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
  for (const [index, values] of options.projection ?? []) {
    for (const value of values) {
      // PostgreSQL has no NULL of an enum type by name: enum values come as text (the label).
      const text =
        dialect === 'postgres' && value.source.kind === 'column' && isEnumColumn(value.source.column);
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
function nullFor(m: Materialized, column: KeyColumn): string {
  if (dialectOf(m.member.dataSource) !== 'postgres') return 'NULL';
  if (column.asText) return 'CAST(NULL AS VARCHAR)';
  if (column.labels) return 'CAST(NULL AS integer)';
  for (const source of column.sources.values()) {
    const typed: ColumnMetadata | undefined = source.kind === 'index' ? undefined : source.column;
    if (typed) return `CAST(NULL AS ${castTypeOf(m.member.dataSource, typed)})`;
    if (source.kind === 'index') return 'CAST(NULL AS integer)';
  }
  return 'NULL';
}

/**
 * One branch of the key query: `#`, the order keys, the primary key (and values) of each matching row;
 * null when a seek position rules the whole builder out.
 */
function keyBranch(
  m: Materialized,
  plan: SortPlan,
  columns: readonly KeyColumn[],
  options: KeyQueryOptions,
): BranchStatement[] {
  const seek = options.after
    ? seekCondition(m, plan, options.after.position, options.after.inclusive ?? false)
    : true;
  if (seek === false) return [];
  const parts = seek === true ? [undefined] : seek.parts;
  return parts.map((part) => {
    const qb = bareCopy(m);
    if (part !== undefined && seek !== true) {
      bracketOwnConditions(qb);
      qb.andWhere(part.sql, seek.parameters);
    }
    for (const column of columns) {
      if (column.carried) {
        qb.addSelect(column.carried.sqlByIndex.get(m.member.index) ?? column.carried.nullSql, column.name);
        continue;
      }
      const source = column.sources.get(m.member.index);
      const type = column.types?.get(m.member.index);
      const dialect = dialectOf(m.member.dataSource);
      // A copy positions read (never an enum's: those carry no copy), or the value the order compares.
      const value = (sql: string) =>
        column.asText ? exactValueSql(sql, type) : comparedSql(dialect, column.labels, sql, type);
      qb.addSelect(source ? value(sourceSql(m, source)) : nullFor(m, column), column.name);
    }
    if (m.mayRepeatRows) qb.distinct(true);
    const [sql, parameters] = qb.getQueryAndParameters();
    return { sql, parameters, constant: part?.nullKey, part: part?.kind ?? 'all' };
  });
}

const branches = new WeakMap<Materialized, WeakMap<object, Map<string, BranchStatement[]>>>();
const NO_CARRY = {};

/**
 * A builder's branch SQL, built once and reused. A builder belongs to one plan, so the SQL depends only on
 * the carried columns, whether positions are read, whether the builder is queried alone and, after a
 * position, on its shape: the position's `#`, which keys are NULL and whether it is inclusive. The
 * position's values are parameters: the SQL is built with stand-ins for them and each call binds its own
 * (a stream builds its batches' SQL once; a cursor page skips TypeORM's query building).
 */
function branchStatements(
  m: Materialized,
  plan: SortPlan,
  columns: readonly KeyColumn[],
  alone: boolean,
  options: KeyQueryOptions,
): BranchStatement[] {
  const { after } = options;
  const byCarry = memo(branches, m, () => new WeakMap());
  const byShape = memo(byCarry, options.carry ?? NO_CARRY, () => new Map());
  const key = JSON.stringify([!!options.positions, alone, after && seekShape(plan, after)]);
  const templates: BranchStatement[] = memo(byShape, key, () =>
    keyBranch(
      m,
      plan,
      columns,
      after ? { ...options, after: { ...after, position: standIns(plan, after.position) } } : options,
    ),
  );
  if (!after) return templates;
  const dataSource = m.member.dataSource;
  return templates.map((template) => ({
    ...template,
    parameters: template.parameters.map((p) =>
      p instanceof PositionValue ? bindable(dataSource, p.valueIn(after.position)) : p,
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
  dialect: Dialect,
  escape: (n: string) => string,
  plan: SortPlan,
  prefix: string,
): string {
  return plan.columns
    .map((c) => orderTerm(dialect, `${prefix}${escape(c.name)}`, c.order, c.nulls))
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
}

/** A key query, and what the caller needs to read its rows. */
export interface KeyStatement extends Statement {
  /** With partLimits: the branch part a row came from (its key for partLimits). */
  readonly partOf?: (row: Readonly<Record<string, unknown>>) => string;
  /** With deferLater: parts were left out, so rows may follow the last row returned even when few came. */
  readonly deferred: boolean;
}

/**
 * The key query of builders sharing one DataSource: the database orders and pages the union. Null when
 * a seek position leaves no builder that could have rows.
 */
export function keyQuery(
  branches: readonly Materialized[],
  plan: SortPlan,
  page: Page,
  options: KeyQueryOptions = {},
): KeyStatement | null {
  // Without a position the statement depends only on what is below, all derived from immutable
  // builders: built once (a first page then costs its SQL text nothing, and SQLite's statement cache
  // finds the same string).
  if (options.after || options.partLimits) return buildKeyQuery(branches, plan, page, options);
  // A group of builders belongs to one plan: its order and projection are the plan's.
  const byCarry = memo(pages, branches, () => new WeakMap());
  const byPage = memo(byCarry, options.carry ?? NO_CARRY, () => new Map());
  const key = JSON.stringify([
    page.skip,
    page.take,
    !!options.positions,
    !!options.headsOnly,
    !!options.deferLater,
    !!options.orderedBranches,
    options.quota ?? null,
  ]);
  return memo(byPage, key, () => buildKeyQuery(branches, plan, page, options) ?? NO_STATEMENT) || null;
}

const pages = new WeakMap<readonly Materialized[], WeakMap<object, Map<string, KeyStatement | false>>>();
const NO_STATEMENT = false;

function buildKeyQuery(
  branches: readonly Materialized[],
  plan: SortPlan,
  page: Page,
  options: KeyQueryOptions,
): KeyStatement | null {
  const dataSource = branches[0].member.dataSource;
  const dialect = dialectOf(dataSource);
  const escape = (name: string) => dataSource.driver.escape(name);
  // Only the sort columns these builders fill; with one builder `#` is a constant, not an order.
  const present = branches.map((b) => plan.sources.get(b.member.index)!);
  const sortColumns = plan.columns.filter((c) => c.shared || present.some((s) => s.has(c.name)));
  const alone = branches.length === 1;
  const order = {
    ...plan,
    columns: alone ? sortColumns.filter((c) => c.name !== INDEX_COLUMN) : sortColumns,
  };
  const columns = keyColumns(plan, sortColumns, options, dialect);
  const all = branches.flatMap((b) =>
    branchStatements(b, plan, columns, alone, options).map((branch) => ({ b, branch })),
  );
  const built = options.deferLater ? earlierParts(all, plan, dialect) : all;
  // For shallow pages each branch orders and limits itself too, so an index on the order key serves it
  // and the union only sorts (skip + take) rows per builder. Deep OFFSET pages are left to the
  // database's own top-N sort of the union, which is faster there than sorting each branch first.
  const depth = (page.skip ?? 0) + (page.take ?? Infinity);
  const branchLimit = quotaLimit(
    options.quota,
    options.headsOnly ? 1 : depth <= PUSHDOWN_DEPTH ? depth : undefined,
  );
  const quotaed = options.quota?.each !== undefined;
  const pushed =
    (branchLimit !== undefined || !!options.partLimits || !!options.orderedBranches) &&
    (built.length > 1 || quotaed);
  const parts = built.map(({ b, branch }) => {
    if (!pushed) return branch;
    // `#` is a constant inside a branch (as is a key in a seek's NULL part), and ordering by a constant
    // throws the planners off the index (SQLite scans, MariaDB sorts).
    const own = {
      ...plan,
      columns: order.columns.filter(
        (c) =>
          c.name !== INDEX_COLUMN &&
          c.name !== branch.constant &&
          (c.shared || plan.sources.get(b.member.index)!.has(c.name)),
      ),
    };
    const limit = options.partLimits?.(partKey(b.member.index, branch.part)) ?? branchLimit;
    // A stream's part LIMITs change every batch: bound, SQLite's statement stays the one it prepared.
    const bound = options.partLimits && bindable(dataSource, limit) !== limit;
    const limitSql = limit === undefined ? '' : ` LIMIT ${bound ? '?' : limit}`;
    const limited = `${branch.sql} ORDER BY ${orderByNames(dialect, escape, own, '')}${limitSql}`;
    const parameters = bound ? [...branch.parameters, bindable(dataSource, limit)] : branch.parameters;
    const sql = LIMITED_BRANCH_AS_SUBQUERY[dialect]
      ? `SELECT * FROM (${limited}) ${escape(`seq_b${b.member.index}`)}`
      : `(${limited})`;
    return { sql, parameters };
  });
  if (parts.length === 0) return null;
  const seq = escape('seq');
  const limit = limitClause(dialect, page.skip, page.take);
  // Ordered branches are ordered again as one compound SELECT: a derived table around the union costs
  // the databases a plan node each (MariaDB ~0.2 ms a page); the union of whole builders keeps it,
  // because there the databases' top-N sort of a derived table is what serves deep pages.
  const interleaved = options.quota?.interleave && !alone;
  const statement = combine(dialect, parts, (sqls) =>
    interleaved
      ? interleavedSql(
          escape,
          (prefix, withIndex) =>
            orderByNames(dialect, escape, withIndex ? order : withoutIndex(order), prefix),
          INDEX_COLUMN,
          sqls.join(' UNION ALL '),
          limit,
        )
      : pushed && sqls.length > 1
        ? `${sqls.join(' UNION ALL ')} ORDER BY ${orderByNames(dialect, escape, order, '')}${limit}`
        : `SELECT * FROM (${sqls.join(' UNION ALL ')}) ${seq} ORDER BY ${orderByNames(dialect, escape, order, `${seq}.`)}${limit}`,
  );
  return {
    ...statement,
    partOf:
      options.partLimits && partReader(built.map(({ b, branch }) => ({ index: b.member.index, branch }))),
    deferred: built.length < all.length,
  };
}
