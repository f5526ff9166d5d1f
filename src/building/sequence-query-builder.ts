import { EntityNotFoundError, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { intersectBuilders, unionBuilders } from '../combining/union-builders';
import { InvalidArgumentError, MultipleEntitiesFoundError, UnsupportedOperationError } from '../errors';
import { containsEntity } from '../execution/contains';
import { explainPlan, type QueryPlan } from '../execution/explain';
import { indexHints, type IndexHint } from '../planning/index-hints';
import { loadHead } from '../execution/heads';
import { STREAM_MODES, STREAM_OPTIONS, streamRows, type StreamOptions } from '../execution/stream';
import { cursorRows } from '../execution/cursor-stream';
import { paginate, type Connection, type PaginateOptions } from '../pagination/paginate';
import { EMPTY_PLAN } from '../planning/plan-sequence';
import { loadValues } from '../execution/values';
import { deleteAll, restoreAll, softDeleteAll, updateAll, type WriteResult } from '../execution/write';
import { bakeFilters } from '../planning/bake-filters';
import { checkValuePaths } from '../planning/projection';
import { checkPath, shown } from '../metadata/names';
import { checkOptions } from '../metadata/options';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { dataSourceOf } from '../typeorm/internals';
import { flipDirection } from '../model/order-key';
import { commonLatestBy } from './latest-by';
import { checkSoftDeletable, checkWriteValues } from './write-values';
import type { Condition, FilterTerm } from '../model/condition';
import { validateObjectCondition } from '../filtering/object-condition';
import { isPlainObject } from '../filtering/find-operator';
import { checkOrderArguments, type OrderKey } from '../model/order-key';
import { checkOrderKey } from '../ordering/resolve-order-key';
import { planSequence, type SequencePlan } from '../planning/plan-sequence';
import { countAll } from '../execution/count';
import { countsOf, type SequenceCounts } from '../execution/counts';
import { quotaOf, refuseQuota } from '../planning/quota';
import { anyExists } from '../execution/exists';
import { loadPage } from '../execution/load-page';
import { describeQueries, type QueryDescription } from '../execution/describe-queries';
import { builderInTotalOrder } from '../planning/builder-in-total-order';
import type { FieldPath, NullsPlacement, PathValue, SequencePath, SortDirection } from '../model/types';
import { checkJoinPath } from './join-path';
import { isSelectQueryBuilder, toMember, type Member } from '../model/member';
import { EMPTY_STATE, nextState, type JoinSpec, type SequenceState } from '../model/sequence-state';

type EntityOf<B> = B extends SelectQueryBuilder<infer E> ? E : never;

/**
 * Several SelectQueryBuilders over different entities, queried as one: filtered, ordered, paged and
 * counted by the database. Immutable: every method returns a new builder; no SQL runs before a
 * terminal method (getMany, getCount...) is awaited.
 */
export class SequenceQueryBuilder<T extends ObjectLiteral = any> {
  private constructor(private readonly state: SequenceState) {}

  /** A sequence of the given builders; each one's `#` is its place here. No builders: an empty sequence. */
  static from<B extends SelectQueryBuilder<any>[]>(
    ...builders: B
  ): SequenceQueryBuilder<EntityOf<B[number]>> {
    return new SequenceQueryBuilder(nextState(EMPTY_STATE, { members: builders.map(toMember) }));
  }

  private with(change: Partial<SequenceState>): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(nextState(this.state, change));
  }

  clone(): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(this.state);
  }

  /** A sequence with no builders: yields nothing and runs no SQL. */
  none(): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(EMPTY_STATE);
  }

  // ---------------------------------------------------------------- filtering

  /** Replaces the conditions set on the sequence (the builders' own conditions always stay). */
  where(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [this.term('and', false, condition, parameters)] });
  }

  andWhere(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [...this.state.filters, this.term('and', false, condition, parameters)] });
  }

  orWhere(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [...this.state.filters, this.term('or', false, condition, parameters)] });
  }

  /** Keeps the rows for which the condition is not true, rows where a compared column is NULL included. */
  exclude(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [...this.state.filters, this.term('and', true, condition, parameters)] });
  }

  private term(
    connective: 'and' | 'or',
    negated: boolean,
    condition: Condition<T>,
    parameters?: ObjectLiteral,
  ): FilterTerm {
    if (Array.isArray(condition) || isPlainObject(condition)) {
      validateObjectCondition(condition as any, this.state.members);
    } else if (!['string', 'function', 'object'].includes(typeof condition) || condition === null) {
      throw new InvalidArgumentError(
        'where(condition)',
        `a condition is an object, an array of objects, a string, Brackets or a function; got ${shown(condition)}.`,
      );
    }
    return Object.freeze({ connective, negated, condition, parameters });
  }

  /**
   * Includes soft-deleted rows (`@DeleteDateColumn`), as TypeORM's withDeleted(), in every method. It applies
   * to the builders in the sequence now; builders added later with or() keep their own setting.
   */
  withDeleted(): SequenceQueryBuilder<T> {
    const members = this.state.members.map((m) =>
      Object.freeze({ ...m, builder: m.builder.clone().withDeleted() }),
    );
    return this.with({ members });
  }

  // ---------------------------------------------------------------- ordering and paging

  /** Replaces the order. `path` is a property path common to every entity, or `'#'`. */
  orderBy(
    path: SequencePath<T>,
    order: SortDirection = 'ASC',
    nulls?: NullsPlacement,
  ): SequenceQueryBuilder<T> {
    return this.with({ orders: [this.orderKey('orderBy', path, order, nulls)] });
  }

  addOrderBy(
    path: SequencePath<T>,
    order: SortDirection = 'ASC',
    nulls?: NullsPlacement,
  ): SequenceQueryBuilder<T> {
    return this.with({ orders: [...this.state.orders, this.orderKey('addOrderBy', path, order, nulls)] });
  }

  private orderKey(method: string, path: string, order: SortDirection, nulls?: NullsPlacement): OrderKey {
    checkOrderArguments(method, path, order, nulls);
    const key = Object.freeze({ path, order, nulls });
    checkOrderKey(key, this.state.members);
    return key;
  }

  /** The exact reverse of the total order: every key flips, the implicit ones and NULL placement included. */
  reverse(): SequenceQueryBuilder<T> {
    return this.with({ reversed: !this.state.reversed });
  }

  skip(skip?: number): SequenceQueryBuilder<T> {
    return this.with({ skip: checkCount('skip', skip) });
  }

  take(take?: number): SequenceQueryBuilder<T> {
    return this.with({ take: checkCount('take', take) });
  }

  /**
   * At most `n` rows of each builder: its first `n` in the total order (reverse() included). skip/take then
   * page the rows that are left, and getCount()/getCounts() count them. `takeEach()` with no argument removes
   * the quota. One statement: each builder's branch is limited in the database.
   */
  takeEach(n?: number): SequenceQueryBuilder<T> {
    return this.with({ takeEach: checkCount('takeEach', n) });
  }

  /**
   * Deals the builders' rows out in rounds so no builder dominates a page: round k holds the k-th row of
   * every builder (in its order within the total order), in the total order; every row of round k comes
   * before any row of round k + 1. skip/take page the interleaved rows; counts are unchanged. One statement
   * (`ROW_NUMBER() OVER (PARTITION BY #)`); builders on one DataSource only. `interleave(false)` undoes it.
   */
  interleave(on = true): SequenceQueryBuilder<T> {
    if (typeof on !== 'boolean')
      throw new InvalidArgumentError('interleave(on)', `expected true or false, got ${shown(on)}.`);
    return this.with({ interleaved: on || undefined });
  }

  // ---------------------------------------------------------------- joins

  leftJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('leftJoinAndSelect', 'left', true, path, alias);
  }

  innerJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('innerJoinAndSelect', 'inner', true, path, alias);
  }

  leftJoin(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('leftJoin', 'left', false, path, alias);
  }

  innerJoin(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('innerJoin', 'inner', false, path, alias);
  }

  private join(
    method: string,
    kind: 'left' | 'inner',
    select: boolean,
    path: string,
    alias?: string,
  ): SequenceQueryBuilder<T> {
    const checked = checkJoinPath(method, path, alias, this.state.members);
    const spec: JoinSpec = Object.freeze({ kind, select, path, alias: checked });
    return this.with({ joins: [...this.state.joins.filter((j) => j.path !== path), spec] });
  }

  // ---------------------------------------------------------------- combining

  /**
   * Django's `qs1 | qs2`: a builder of an entity (and DataSource) already here is merged with it into one
   * builder returning each row once; other builders are appended with the next `#`. The conditions set on
   * this sequence so far stay with its own builders.
   */
  or<U extends ObjectLiteral>(
    other: SelectQueryBuilder<U> | SequenceQueryBuilder<U>,
  ): SequenceQueryBuilder<T | U> {
    const incoming =
      other instanceof SequenceQueryBuilder
        ? bakeFilters(other.state).map((m) => m.builder)
        : isSelectQueryBuilder(other)
          ? [other]
          : invalidCombine(other);
    const members: Member[] = bakeFilters(this.state);
    let next = Math.max(-1, ...this.state.members.map((m) => m.index)) + 1;
    for (const qb of incoming) {
      const i = members.findIndex((m) => sameSource(m, qb));
      if (i >= 0)
        members[i] = Object.freeze({ ...members[i], builder: unionBuilders(members[i].builder, qb) });
      else members.push(toMember(qb, next++));
    }
    return new SequenceQueryBuilder<T | U>(nextState(this.state, { members, filters: [] }));
  }

  /** Django's `qss & qs`: keeps the builders of `qb`'s entity, each restricted to rows `qb` also returns. */
  and(qb: SelectQueryBuilder<any>): SequenceQueryBuilder<T> {
    if (!isSelectQueryBuilder(qb)) invalidCombine(qb);
    const members = bakeFilters(this.state)
      .filter((m) => sameSource(m, qb))
      .map((m) => Object.freeze({ ...m, builder: intersectBuilders(m.builder, qb) }));
    return this.with({ members, filters: [] });
  }

  /** Each row once. Rows of different builders are different rows; two builders of one entity must be merged with or(). */
  distinct(): SequenceQueryBuilder<T> {
    const members = this.state.members;
    members.forEach((m, i) => {
      const other = members
        .slice(0, i)
        .find((o) => o.metadata.target === m.metadata.target && o.dataSource === m.dataSource);
      if (other) {
        throw new UnsupportedOperationError(
          `distinct(): builders #${other.index} and #${m.index} both select ${m.metadata.name}, so a row could come ` +
            `twice. Merge them into one builder with or() (or unionBuilders()) first.`,
        );
      }
    });
    return this.with({});
  }

  // ---------------------------------------------------------------- projections

  /** Partial entities holding only these properties (relation paths allowed) plus the primary key. */
  select(paths: FieldPath<T>[]): SequenceQueryBuilder<T> {
    if (!Array.isArray(paths) || paths.length === 0) {
      throw new InvalidArgumentError(
        'select(paths)',
        `give a non-empty array of property paths, e.g. select(['title']).`,
      );
    }
    checkValuePaths('select', paths, this.state.members);
    return this.with({ selection: [...paths] });
  }

  /** Plain objects keyed by path (`'#'` and `'author.name'` allowed); no paths: every column plus `'#'`. */
  async getValues<P extends SequencePath<T>>(...paths: P[]): Promise<{ [K in P]: PathValue<T, K> }[]> {
    checkValuePaths('getValues', paths, this.state.members);
    if (this.state.members.length === 0) return [];
    return loadValues(planSequence(this.state, paths), this.state) as Promise<any>;
  }

  /** One array per row, values in the order of the paths. */
  async getTuples<P extends SequencePath<T>>(...paths: P[]): Promise<PathValue<T, P>[][]> {
    if (paths.length === 0) throw new InvalidArgumentError('getTuples(...paths)', 'give at least one path.');
    const rows = await this.getValues(...paths);
    return rows.map((row) => paths.map((path) => row[path]));
  }

  /** One value per row. */
  async pluck<P extends SequencePath<T>>(path: P): Promise<PathValue<T, P>[]> {
    const rows = await this.getValues(path);
    return rows.map((row) => row[path]);
  }

  // ---------------------------------------------------------------- heads

  /** The first row of the total order (each builder's head compared), or null. Ignores skip/take. */
  async getFirst(): Promise<T | null> {
    if (this.state.members.length === 0) return null;
    return loadHead(planSequence(this.with({ skip: undefined, take: undefined }).state));
  }

  /** The last row of the total order, or null. */
  async getLast(): Promise<T | null> {
    refuseQuota(this.state, 'getLast()', 'take the last row of getMany() instead.');
    return this.reverse().getFirst();
  }

  /**
   * Max by `paths` (a leading `-` reverses one), default the entities' `@Sequenced({ latestBy })`. Like SQL's
   * MAX(), NULL values lose on every database: a row with a NULL key comes only if no row has a value.
   */
  async getLatest(...paths: string[]): Promise<T> {
    return this.extreme('DESC', paths, 'getLatest');
  }

  /** Min by `paths`, default the entities' `@Sequenced({ latestBy })`. */
  async getEarliest(...paths: string[]): Promise<T> {
    return this.extreme('ASC', paths, 'getEarliest');
  }

  private async extreme(order: SortDirection, paths: string[], method: string): Promise<T> {
    refuseQuota(this.state, `${method}()`, 'order the sequence and use getOne() instead.');
    const keys = paths.length ? paths : commonLatestBy(this.state.members, method);
    let ordered: SequenceQueryBuilder<T> = this.with({ orders: [], reversed: false });
    for (const key of keys) {
      const descending = typeof key === 'string' && key.startsWith('-');
      const path = descending ? key.slice(1) : key;
      if (path !== SEQUENCE_INDEX) checkPath(path, `${method}(paths)`);
      ordered = ordered.addOrderBy(
        path as SequencePath<T>,
        descending ? flipDirection(order) : order,
        'NULLS LAST',
      );
    }
    const head = await ordered.getFirst();
    if (head === null) throw this.notFound();
    return head;
  }

  /** Is this entity (same class and primary key) one of the sequence's rows? */
  async contains(entity: T): Promise<boolean> {
    if (!entity || typeof entity !== 'object')
      throw new InvalidArgumentError('contains(entity)', 'give an entity object.');
    refuseQuota(this.state, 'contains()', 'look for the entity in getMany() instead.');
    if (this.state.members.length === 0) return false;
    return containsEntity(planSequence(this.state), entity);
  }

  // ---------------------------------------------------------------- writes

  /** Updates every matching row of every builder; the builders of one DataSource all or nothing. */
  async update(values: QueryDeepPartialEntity<T>): Promise<WriteResult> {
    this.checkWritable('update');
    checkWriteValues(values as ObjectLiteral, this.state.members);
    return this.write((plan) => updateAll(plan, values as ObjectLiteral));
  }

  /** Deletes every matching row of every builder; the builders of one DataSource all or nothing. */
  async delete(): Promise<WriteResult> {
    this.checkWritable('delete');
    return this.write(deleteAll);
  }

  /**
   * Sets the `@DeleteDateColumn` of every matching row not soft-deleted yet, as TypeORM's softDelete(); the
   * builders of one DataSource all or nothing. Every entity must have a delete date column.
   */
  async softDelete(): Promise<WriteResult> {
    this.checkWritable('softDelete');
    checkSoftDeletable('softDelete', this.state.members);
    return this.write(softDeleteAll);
  }

  /**
   * Clears the `@DeleteDateColumn` of every soft-deleted row the conditions match (as if withDeleted() was
   * called: otherwise the sequence shows none); the builders of one DataSource all or nothing.
   */
  async restore(): Promise<WriteResult> {
    this.checkWritable('restore');
    checkSoftDeletable('restore', this.state.members);
    return this.write(restoreAll);
  }

  private async write(run: (plan: SequencePlan) => Promise<WriteResult>): Promise<WriteResult> {
    if (this.state.members.length === 0) return { affected: 0, byEntity: {} };
    return run(planSequence(this.state));
  }

  private checkWritable(method: string): void {
    const { skip, take, orders, reversed } = this.state;
    if (skip !== undefined || take !== undefined || orders.length > 0 || reversed || quotaOf(this.state)) {
      throw new UnsupportedOperationError(
        `${method}() applies to every matching row: remove skip/take/takeEach/interleave/orderBy/reverse first (a sequence cannot ` +
          `${method} "the first N rows" atomically across tables).`,
      );
    }
  }

  // ---------------------------------------------------------------- streaming and pagination

  /**
   * Every row in order, `batchSize` at a time: memory is bounded by the batch, not by the sequence.
   *
   * `mode: 'keyset'` (the default) runs one statement per batch, each continuing after the last row's
   * position (never OFFSET), and holds no connection between batches. `mode: 'cursor'` runs one statement per
   * DataSource and reads it through the driver's cursor (pg-cursor on PostgreSQL, mysql2's row stream,
   * better-sqlite3's `iterate()`): close to getMany()'s speed, but the connection (and on PostgreSQL and
   * MariaDB the statement's snapshot) is held until the loop ends, breaks or throws; on SQLite the only
   * connection cannot write meanwhile. skip()/take() apply in both modes.
   *
   * @example
   * for await (const item of sequenceOf(ds, 'publications').orderBy('release', 'DESC').stream({ mode: 'cursor' })) {
   *   send(item);
   * }
   * // PostgreSQL, one statement read 500 rows per FETCH through a portal:
   * // SELECT * FROM (SELECT 0 AS "seq_idx", "item"."release" AS "seq_k0", "item"."id" AS "seq_t0_p0", … FROM "book" "item"
   * //   UNION ALL SELECT 1 AS "seq_idx", … FROM "article" "item") "seq"
   * //   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_idx" DESC, "seq"."seq_t0_p0" DESC
   *
   * @throws {InvalidArgumentError} an unknown option or `mode`, before any SQL.
   * @throws {RangeError} `batchSize` is not a positive integer, before any SQL.
   * @throws {UnsupportedOperationError} takeEach()/interleave() are set; with mode 'cursor', a builder whose
   *   entities need statements of their own runs on a caller's PostgreSQL/MariaDB transaction (its connection
   *   is busy with the cursor), or pg-cursor is not installed (at the first row).
   */
  stream(options?: StreamOptions | null): AsyncIterableIterator<T> {
    const checked = checkOptions(options, 'stream', STREAM_OPTIONS);
    const batchSize = checked.batchSize ?? 500;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`stream({ batchSize: ${String(batchSize)} }): expected a positive integer.`);
    }
    const mode = checked.mode === undefined ? 'keyset' : checked.mode;
    if (!STREAM_MODES.includes(mode)) {
      throw new InvalidArgumentError(
        'stream(options).mode',
        `expected ${STREAM_MODES.map((m) => `'${m}'`).join(' or ')}, got ${shown(mode)}.`,
      );
    }
    refuseQuota(this.state, 'stream()', 'page it with skip()/take() and getMany() instead.');
    const plan = this.state.members.length === 0 ? EMPTY_PLAN : planSequence(this.state);
    return mode === 'cursor'
      ? cursorRows(plan, this.state, batchSize)
      : streamRows(plan, this.state, batchSize);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this.stream();
  }

  /**
   * Keyset (cursor) pagination over the total order, in Relay's connection shape. Cursors are opaque and
   * tied to this ordering; a malformed, tampered or foreign one throws InvalidCursorError before any SQL.
   */
  async paginate(options?: PaginateOptions | null): Promise<Connection<T>> {
    return paginate<T>(this.state, options);
  }

  /**
   * The database's plan for the statement(s) that order and page the sequence (EXPLAIN; SQLite: EXPLAIN
   * QUERY PLAN), one per DataSource. `sortsAllRows` marks a plan that sorts a table's rows to find a page of
   * take() rows (then `warning` says to create the indexes of indexHints()).
   *
   * @example
   * const [plan] = await sequenceOf(ds, 'publications').orderBy('release', 'DESC').take(20).explain();
   * if (plan.sortsAllRows) console.warn(plan.warning, seq.indexHints().map((h) => h.sql));
   *
   * @throws {UnsupportedOperationError} interleave() over several DataSources.
   */
  async explain(): Promise<QueryPlan[]> {
    if (this.state.members.length === 0) return [];
    return explainPlan(planSequence(this.state), this.state);
  }

  /**
   * For each builder that can have rows, the index its part of the order needs so that a page reads only
   * its own rows: the columns the sequence's where() objects compare with `=` (ANDed), then its order keys
   * with their directions, then its primary key as the tie-breaker. `sql` is the `CREATE INDEX` statement
   * in the database's syntax (names quoted with the driver's escape, the index named deterministically
   * `seq_<table>_<column>[_d]…`); it is not run. Keys no column of the builder's own table can serve (a
   * joined path, raw SQL, an enum ordered by declaration, a NULL placement MariaDB orders through an
   * expression) end the advice there, with a `note`; `'#'` needs no column. No SQL runs.
   *
   * @example
   * sequenceOf(ds, [Book, Article]).where({ medium: 'Wired' }).orderBy('release', 'DESC').indexHints();
   * // PostgreSQL:
   * // [{ entity: 'Book', index: 0, table: 'book', columns: ['medium ASC', 'release DESC', 'id DESC'],
   * //    sql: 'CREATE INDEX "seq_book_medium_release_d_id_d" ON "book" ("medium" ASC, "release" DESC, "id" DESC)' },
   * //  { entity: 'Article', … }]
   *
   * @throws {UnsupportedOperationError} a DataSource whose driver this package does not support.
   */
  indexHints(): IndexHint[] {
    if (this.state.members.length === 0) return [];
    return indexHints(planSequence(this.state), this.state);
  }

  // ---------------------------------------------------------------- running it

  async getMany(): Promise<T[]> {
    if (this.state.members.length === 0) return [];
    return loadPage(planSequence(this.state), this.state);
  }

  async getOne(): Promise<T | null> {
    const [first] = await this.take(1).getMany();
    return first ?? null;
  }

  async getOneOrFail(): Promise<T> {
    const one = await this.getOne();
    if (one === null) throw this.notFound();
    return one;
  }

  /** The only matching row: EntityNotFoundError if none, MultipleEntitiesFoundError if more. */
  async getUnique(): Promise<T> {
    const rows = await this.take(2).getMany();
    if (rows.length === 0) throw this.notFound();
    if (rows.length > 1)
      throw new MultipleEntitiesFoundError(rows.map((r) => r.constructor?.name ?? 'Object'));
    return rows[0];
  }

  /** Rows across all builders, ignoring skip/take, as TypeORM's getCount(). */
  async getCount(): Promise<number> {
    if (this.state.members.length === 0) return 0;
    return countAll(planSequence(this.state));
  }

  /**
   * getCount() split per entity class name (builders of one entity add up) and per builder `#` (0 for a
   * builder that can have no rows), ignoring skip/take; the same statements as getCount().
   */
  async getCounts(): Promise<SequenceCounts> {
    const plan = this.state.members.length === 0 ? EMPTY_PLAN : planSequence(this.state);
    return countsOf(plan, this.state.members);
  }

  async getManyAndCount(): Promise<[T[], number]> {
    return Promise.all([this.getMany(), this.getCount()]);
  }

  async getExists(): Promise<boolean> {
    if (this.state.members.length === 0 || this.state.takeEach === 0) return false;
    return anyExists(planSequence(this.state));
  }

  /** The statements a getMany() would run; `parameters` as the driver receives them. */
  getQueries(): QueryDescription[] {
    if (this.state.members.length === 0) return [];
    return describeQueries(planSequence(this.state), this.state);
  }

  /** Clones of the builders that can have rows, with the sequence's joins, filters and order applied. */
  getBuilders(): SelectQueryBuilder<T>[] {
    if (this.state.members.length === 0) return [];
    const plan = planSequence(this.state);
    return plan.active.map((m) => builderInTotalOrder(m, plan.sort));
  }

  /** Entity names, for messages. */
  private describe(): string {
    return this.state.members.map((m) => m.metadata.name).join(' | ') || '(empty sequence)';
  }

  private notFound(): EntityNotFoundError {
    return new EntityNotFoundError(`SequenceQueryBuilder<${this.describe()}>`, this.criteria());
  }

  private criteria(): unknown {
    return this.state.filters.map((f) => (typeof f.condition === 'function' ? '(function)' : f.condition));
  }
}

function sameSource(member: Member, qb: SelectQueryBuilder<any>): boolean {
  const map = qb.expressionMap;
  const target = map.mainAlias?.hasMetadata ? map.mainAlias.metadata.target : undefined;
  return member.metadata.target === target && member.dataSource === dataSourceOf(qb);
}

function invalidCombine(value: unknown): never {
  throw new InvalidArgumentError(
    'or()/and()',
    `expected a SelectQueryBuilder or a SequenceQueryBuilder, got ${shown(value)}.`,
  );
}

function checkCount(method: 'skip' | 'take' | 'takeEach', value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${method}(${String(value)}): expected a non-negative integer (at most 2^53 - 1).`);
  }
  return value;
}
