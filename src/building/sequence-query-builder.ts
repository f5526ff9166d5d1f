import {
  EntityNotFoundError,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
  type SelectQueryBuilder,
} from 'typeorm';
import { intersectBuilders, unionBuilders } from '../combining/union-builders';
import { InvalidArgumentError, MultipleEntitiesFoundError, UnsupportedOperationError } from '../errors';
import { containsEntity } from '../execution/contains';
import { explainPlan, type QueryPlan } from '../execution/explain';
import { indexHints, type IndexHint } from '../planning/index-hints';
import { loadHead } from '../execution/heads';
import { STREAM_MODES, STREAM_OPTIONS, streamRows, type StreamOptions } from '../execution/stream';
import { cursorRows } from '../execution/cursor-stream';
import { paginate, type SequenceConnection, type PaginateOptions } from '../pagination/paginate';
import { loadValues } from '../execution/values';
import { deleteAll, restoreAll, softDeleteAll, updateAll, type WriteResult } from '../execution/write';
import { bakeFilters } from '../planning/bake-filters';
import { checkValuePaths } from '../planning/projection';
import { checkPath, shown } from '../metadata/names';
import { checkOptions } from '../metadata/options';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { dataSourceOf, mainMetadataOf } from '../typeorm/internals';
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
import {
  READ_STRATEGIES,
  type FieldPath,
  type NullsPlacement,
  type PathValue,
  type ReadStrategy,
  type SequencePath,
  type SortDirection,
} from '../model/types';
import { checkJoinPath } from './join-path';
import { isSelectQueryBuilder, toMember, type Member } from '../model/member';
import { EMPTY_STATE, nextState, type JoinSpec, type SequenceState } from '../model/sequence-state';

type EntityOf<B> = B extends SelectQueryBuilder<infer E> ? E : never;

/**
 * Several SelectQueryBuilders over different entities, queried as one: filtered, ordered, paged and
 * counted by the database. Immutable: every method returns a new builder and changes neither this one nor
 * the builders given to it; no SQL runs before a terminal method (getMany, getCount...) is awaited.
 *
 * `T` is the union of the entities (`Book | Article`); the property paths its methods take are checked at
 * compile time against the fields every entity has. Mistakes in arguments throw from the method that
 * received them, synchronously, before any SQL (README "Errors").
 *
 * Builders may come from several DataSources (shards): each then reads its share at once and the rows are
 * merged in order; a DataSource whose statement fails makes the terminal method reject with a
 * {@link DataSourceQueryError} naming it (README "Shards and read strategies").
 *
 * The examples of the methods use the demo entities (`entities/`, as `npm run demo` sets them up) and the
 * `seq` below; the SQL shown is what {@link SequenceQueryBuilder.getQueries | getQueries()} gives on
 * PostgreSQL (`scripts/doc-sql.ts` prints it), the columns carried for the entities (`"seq_c0"`…) shown as `…`.
 *
 * @typeParam T - the union of the entity types of the builders.
 *
 * @example
 * ```ts
 * const seq = SequenceQueryBuilder.from(
 *   ds.getRepository(Book).createQueryBuilder('item'),
 *   ds.getRepository(Article).createQueryBuilder('item'),
 * ); // SequenceQueryBuilder<Book | Article>
 * const newest = await seq.orderBy('release', 'DESC').take(10).getMany();
 * ```
 */
export class SequenceQueryBuilder<T extends ObjectLiteral = any> {
  private constructor(private readonly state: SequenceState) {}

  /**
   * A sequence of the given builders; each one's `#` is its 0-based place here, fixed for good. No
   * builders: an empty sequence, as {@link SequenceQueryBuilder.none | none()}. The builders keep their own
   * conditions, joins and order; they must have an entity and no skip/take/limit/offset of their own.
   *
   * @param builders - TypeORM SelectQueryBuilders, of one or more entities and DataSources.
   * @returns A sequence typed with the union of the builders' entities.
   * @throws {@link InvalidArgumentError} if an argument is not a SelectQueryBuilder.
   * @throws {@link UnsupportedOperationError} if a builder has no entity or is already paged.
   *
   * @example
   * ```ts
   * const seq = SequenceQueryBuilder.from(
   *   ds.getRepository(Book).createQueryBuilder('item'),
   *   ds.getRepository(Article).createQueryBuilder('item'),
   * );
   * seq.getQueries(); // Book #0, then Article #1, each in its own order (Book's @Entity orderBy: title):
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT 0 AS "seq_idx", "item"."title" AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   * UNION ALL SELECT 1 AS "seq_idx", CAST(NULL AS character varying) AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item") "seq"
   *   ORDER BY "seq"."seq_idx" ASC, "seq"."seq_t0_o0" ASC, "seq"."seq_t0_p0" ASC
   * ```
   */
  static from<B extends SelectQueryBuilder<any>[]>(
    ...builders: B
  ): SequenceQueryBuilder<EntityOf<B[number]>> {
    return new SequenceQueryBuilder(nextState(EMPTY_STATE, { members: builders.map(toMember) }));
  }

  private with(change: Partial<SequenceState>): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(nextState(this.state, change));
  }

  /**
   * A copy of this sequence. Builders are immutable, so a copy is never needed to keep one unchanged; it
   * is here for TypeORM's API.
   *
   * @returns A sequence equal to this one.
   */
  clone(): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(this.state);
  }

  /**
   * A sequence with no builders: it yields nothing and runs no SQL. `none().or(qb)` is `qb`'s sequence.
   *
   * @returns An empty sequence of the same type.
   *
   * @example
   * ```ts
   * const feed = wanted.length ? sequenceOf(ds, wanted) : seq.none();
   * await feed.getMany(); // [] without a query when nothing is wanted
   * ```
   */
  none(): SequenceQueryBuilder<T> {
    return new SequenceQueryBuilder<T>(EMPTY_STATE);
  }

  // ---------------------------------------------------------------- filtering

  /**
   * Replaces the conditions set on the sequence (the builders' own conditions always stay, ANDed).
   *
   * `condition` is one of: an object in TypeORM's `FindOptionsWhere` form over the fields every entity has,
   * with FindOperators and nested relations (joined as needed), an array of them (OR), or the key `'#'` to
   * keep whole builders; a TypeORM string condition with `parameters`, given to every builder as is; a
   * `Brackets`/`NotBrackets`; a function `(qb, alias, index) => void` called for each builder.
   *
   * @param condition - the condition.
   * @param parameters - the parameters of a string condition.
   * @returns A sequence with only this condition.
   * @throws {@link UnknownFieldError} if a field is not on every entity.
   * @throws {@link InvalidArgumentError} if the condition is none of the above or a key is not a plain name.
   * @throws {@link UnsupportedOperationError} for an operator `'#'` does not support.
   *
   * @example
   * ```ts
   * seq.where({ pages: MoreThan(100) }).getQueries();
   * seq.where('item.pages > :n', { n: 100 }); // the same condition as a string
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT 0 AS "seq_idx", "item"."title" AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   WHERE ((("item"."pages" > $1)))
   * UNION ALL SELECT 1 AS "seq_idx", CAST(NULL AS character varying) AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   WHERE ((("item"."pages" > $2)))) "seq"
   *   ORDER BY "seq"."seq_idx" ASC, "seq"."seq_t0_o0" ASC, "seq"."seq_t0_p0" ASC
   * -- parameters [100, 100]
   * ```
   *
   * @example
   * ```ts
   * seq.where({ '#': In([1]) }); // Article only: builder #0 runs no SQL at all
   * ```
   */
  where(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [this.term('and', false, condition, parameters)] });
  }

  /**
   * Adds a condition, ANDed with the ones set before. Takes what {@link SequenceQueryBuilder.where | where()}
   * takes and throws what it throws.
   *
   * @param condition - the condition.
   * @param parameters - the parameters of a string condition.
   * @returns A sequence with one more condition.
   *
   * @example
   * ```ts
   * seq.where({ pages: MoreThan(100) }).andWhere({ release: LessThan('2024-06-01') });
   * ```
   * ```sql
   * -- each builder: … WHERE (((("item"."pages" > $1)) AND (("item"."release" < $2))))
   * ```
   */
  andWhere(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [...this.state.filters, this.term('and', false, condition, parameters)] });
  }

  /**
   * Adds a condition, ORed with the ones set before. Takes what {@link SequenceQueryBuilder.where | where()}
   * takes and throws what it throws.
   *
   * @param condition - the condition.
   * @param parameters - the parameters of a string condition.
   * @returns A sequence with one more condition.
   *
   * @example
   * ```ts
   * seq.where({ pages: MoreThan(100) }).orWhere({ title: 'The Bug' });
   * ```
   * ```sql
   * -- each builder: … WHERE ((((("item"."pages" > $1))) OR ((("item"."title" = $2)))))
   * ```
   */
  orWhere(condition: Condition<T>, parameters?: ObjectLiteral): SequenceQueryBuilder<T> {
    return this.with({ filters: [...this.state.filters, this.term('or', false, condition, parameters)] });
  }

  /**
   * Keeps the rows for which the condition is not true, rows where a compared column is NULL included
   * (Django's `exclude()`). Takes what {@link SequenceQueryBuilder.where | where()} takes and throws what it throws.
   *
   * @param condition - the condition the rows left out match.
   * @param parameters - the parameters of a string condition.
   * @returns A sequence with one more condition.
   *
   * @example
   * ```ts
   * seq.exclude({ release: LessThan('2024-06-01') }); // keeps the rows with no release, too
   * ```
   * ```sql
   * -- each builder: … WHERE (((("item"."release" < $1))) IS NOT TRUE)
   * ```
   */
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
   * Includes soft-deleted rows (`@DeleteDateColumn`), as TypeORM's withDeleted(), in every method. It
   * applies to the builders in the sequence now; builders added later with or() keep their own setting.
   *
   * @returns A sequence whose builders include soft-deleted rows.
   *
   * @example
   * ```ts
   * const everything = await seq.withDeleted().getCount();
   * ```
   */
  withDeleted(): SequenceQueryBuilder<T> {
    const members = this.state.members.map((m) =>
      Object.freeze({ ...m, builder: m.builder.clone().withDeleted() }),
    );
    return this.with({ members });
  }

  // ---------------------------------------------------------------- ordering and paging

  /**
   * Replaces the order. The total order is the order keys, then `#`, then the primary key, the last two in
   * the direction of the last key: ties never come out in an arbitrary order.
   *
   * @param path - a property path every entity has (`'title'`, `'author.name'`, a relation `'author'`), or `'#'`.
   * @param order - `'ASC'` (default) or `'DESC'`.
   * @param nulls - `'NULLS FIRST'` or `'NULLS LAST'`; default the database's own placement.
   * @throws {@link UnknownFieldError} if the path is not on every entity.
   * @throws {@link IncompatibleOrderingError} if the entities cannot share the key (a relation ordered differently, types that do not compare).
   * @throws {@link InvalidArgumentError} if `order` or `nulls` is none of the above, or the path not a plain path.
   * @returns A sequence in this order.
   *
   * @example
   * ```ts
   * seq.orderBy('release', 'DESC', 'NULLS LAST');
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "item"."release" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   * UNION ALL SELECT "item"."release" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item") "seq"
   *   ORDER BY "seq"."seq_k0" DESC NULLS LAST, "seq"."seq_idx" DESC, "seq"."seq_t0_p0" DESC
   * ```
   */
  orderBy(
    path: SequencePath<T>,
    order: SortDirection = 'ASC',
    nulls?: NullsPlacement,
  ): SequenceQueryBuilder<T> {
    return this.with({ orders: [this.orderKey('orderBy', path, order, nulls)] });
  }

  /**
   * Adds an order key after the ones set before.
   *
   * @param path - a property path every entity has (`'title'`, `'author.name'`, a relation `'author'`), or `'#'`.
   * @param order - `'ASC'` (default) or `'DESC'`.
   * @param nulls - `'NULLS FIRST'` or `'NULLS LAST'`; default the database's own placement.
   * @throws {@link UnknownFieldError} if the path is not on every entity.
   * @throws {@link IncompatibleOrderingError} if the entities cannot share the key (a relation ordered differently, types that do not compare).
   * @throws {@link InvalidArgumentError} if `order` or `nulls` is none of the above, or the path not a plain path.
   * @returns A sequence with one more order key.
   *
   * @example
   * ```ts
   * seq.orderBy('pages', 'DESC').addOrderBy('title');
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "item"."pages" AS "seq_k0", "item"."title" AS "seq_k1", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   * UNION ALL SELECT "item"."pages" AS "seq_k0", "item"."title" AS "seq_k1", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item") "seq"
   *   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_k1" ASC, "seq"."seq_idx" ASC, "seq"."seq_t0_p0" ASC
   * ```
   */
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

  /**
   * The exact reverse of the total order: every key flips, the implicit ones (`#`, primary key) and NULL
   * placement included. Calling it twice gives the order back.
   *
   * @returns A sequence in the reverse order.
   *
   * @example
   * ```ts
   * seq.orderBy('title').reverse();
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "item"."title" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   * UNION ALL SELECT "item"."title" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item") "seq"
   *   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_idx" DESC, "seq"."seq_t0_p0" DESC
   * ```
   */
  reverse(): SequenceQueryBuilder<T> {
    return this.with({ reversed: !this.state.reversed });
  }

  /**
   * Skips the first `n` rows of the total order (whole entities, as TypeORM's skip()). Replaces an earlier
   * skip; no argument removes it. Each builder's branch is limited to `skip + take` rows in the database.
   *
   * @param skip - a non-negative integer, or undefined for none.
   * @returns A sequence that skips `skip` rows.
   * @throws RangeError if `skip` is not a non-negative safe integer (README "Errors").
   *
   * @example
   * ```ts
   * seq.orderBy('title').skip(20).take(10); // page 3 of 10
   * ```
   * ```sql
   * (SELECT "item"."title" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 30)
   * UNION ALL (SELECT "item"."title" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 30)
   *   ORDER BY "seq_k0" ASC, "seq_idx" ASC, "seq_t0_p0" ASC
   *   LIMIT 10 OFFSET 20
   * ```
   */
  skip(skip?: number): SequenceQueryBuilder<T> {
    return this.with({ skip: checkCount('skip', skip) });
  }

  /**
   * At most `n` rows (whole entities, as TypeORM's take()); `take(0)` gives none. Replaces an earlier
   * take; no argument removes it.
   *
   * @param take - a non-negative integer, or undefined for no limit.
   * @returns A sequence of at most `take` rows.
   * @throws RangeError if `take` is not a non-negative safe integer (README "Errors").
   *
   * @example
   * ```ts
   * seq.orderBy('title').skip(20).take(10);
   * ```
   * ```sql
   * (SELECT "item"."title" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 30)
   * UNION ALL (SELECT "item"."title" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 30)
   *   ORDER BY "seq_k0" ASC, "seq_idx" ASC, "seq_t0_p0" ASC
   *   LIMIT 10 OFFSET 20
   * ```
   */
  take(take?: number): SequenceQueryBuilder<T> {
    return this.with({ take: checkCount('take', take) });
  }

  /**
   * At most `n` rows of each builder: its first `n` in the total order (reverse() included). skip/take then
   * page the rows that are left, and getCount()/getCounts() count them. `takeEach()` with no argument removes
   * the quota. One statement: each builder's branch is limited in the database.
   *
   * @param n - a non-negative integer, or undefined to remove the quota.
   * @returns A sequence with the quota.
   * @throws RangeError if `n` is not a non-negative safe integer.
   *
   * @example
   * ```ts
   * seq.orderBy('release', 'DESC').takeEach(3); // the 3 newest of each entity
   * ```
   * ```sql
   * (SELECT "item"."release" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   ORDER BY "seq_k0" DESC, "seq_t0_p0" DESC
   *   LIMIT 3)
   * UNION ALL (SELECT "item"."release" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   ORDER BY "seq_k0" DESC, "seq_t0_p0" DESC
   *   LIMIT 3)
   *   ORDER BY "seq_k0" DESC, "seq_idx" DESC, "seq_t0_p0" DESC
   * ```
   */
  takeEach(n?: number): SequenceQueryBuilder<T> {
    return this.with({ takeEach: checkCount('takeEach', n) });
  }

  /**
   * Deals the builders' rows out in rounds so no builder dominates a page: round k holds the k-th row of
   * every builder (in its order within the total order), in the total order; every row of round k comes
   * before any row of round k + 1. skip/take page the interleaved rows; counts are unchanged. One statement
   * (`ROW_NUMBER() OVER (PARTITION BY #)`); builders on one DataSource only. `interleave(false)` undoes it.
   *
   * @param on - `true` (default) to interleave, `false` to stop.
   * @returns A sequence that interleaves, or not.
   * @throws {@link InvalidArgumentError} if `on` is not a boolean.
   *
   * @example
   * ```ts
   * seq.orderBy('release', 'DESC').interleave().take(4); // newest Book, newest Article, then the next of each
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "seq".*, ROW_NUMBER() OVER (PARTITION BY "seq"."seq_idx"
   *   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_t0_p0" DESC) AS "seq_round"
   *   FROM ((SELECT "item"."release" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   ORDER BY "seq_k0" DESC, "seq_t0_p0" DESC
   *   LIMIT 4)
   * UNION ALL (SELECT "item"."release" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   ORDER BY "seq_k0" DESC, "seq_t0_p0" DESC
   *   LIMIT 4)) "seq") "seq"
   *   ORDER BY "seq"."seq_round", "seq"."seq_k0" DESC, "seq"."seq_idx" DESC, "seq"."seq_t0_p0" DESC
   *   LIMIT 4
   * ```
   */
  interleave(on = true): SequenceQueryBuilder<T> {
    if (typeof on !== 'boolean')
      throw new InvalidArgumentError('interleave(on)', `expected true or false, got ${shown(on)}.`);
    return this.with({ interleaved: on || undefined });
  }

  /**
   * How builders that share a DataSource are read. `'union'` (the default): one UNION ALL statement per
   * DataSource, ordered and paged by the database. `'per-builder'`: one statement per builder (its branch of
   * the union, with its own ORDER BY … LIMIT or keyset seek), run at once and merged in order as shards
   * are (a binary heap over the sorted lists) — what engines that plan a large UNION poorly want (Citus
   * recommends a query per distributed table). Every read gives the same rows either way; `interleave()`
   * needs `'union'`. Writes are unaffected (all or nothing per DataSource).
   *
   * @param strategy - `'union'` or `'per-builder'`.
   * @returns A sequence read with that strategy.
   * @throws InvalidArgumentError for anything but `'union'` or `'per-builder'` (before any SQL).
   *
   * @example
   * ```ts
   * const page = await seq.orderBy('release', 'DESC').strategy('per-builder').take(20).getMany();
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "item"."release" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item") "seq"
   *   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_t0_p0" DESC
   *   LIMIT 20
   * -- and at the same time, on another connection:
   * SELECT *
   *   FROM (SELECT "item"."release" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item") "seq"
   *   ORDER BY "seq"."seq_k0" DESC, "seq"."seq_t0_p0" DESC
   *   LIMIT 20
   * ```
   */
  strategy(strategy: ReadStrategy): SequenceQueryBuilder<T> {
    if (!READ_STRATEGIES.includes(strategy)) {
      throw new InvalidArgumentError(
        'strategy(strategy)',
        `expected 'union' (one statement per DataSource) or 'per-builder' (one statement per builder), got ${shown(strategy)}.`,
      );
    }
    return this.with({ strategy: strategy === 'union' ? undefined : strategy });
  }

  // ---------------------------------------------------------------- joins

  /**
   * Left-joins a relation of every entity and loads it into the entities, as TypeORM's
   * leftJoinAndSelect(). The related fields can then be ordered by and filtered on.
   *
   * @param path - a relation property path on every entity (`'author'`, `'author.publisher'`).
   * @param alias - the join's alias; default the path with `.` replaced by `_`.
   * @returns A sequence with the join (one join per path: a second call for a path replaces the first).
   * @throws {@link UnknownFieldError} if a path is not a relation on every entity.
   * @throws {@link InvalidArgumentError} if the path or alias is not a plain identifier.
   *
   * @example
   * ```ts
   * seq.leftJoinAndSelect('author').orderBy('author.name'); // entities with their author loaded
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT "author"."name" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   LEFT JOIN "author" "author" ON "author"."id"="item"."authorId"
   * UNION ALL SELECT "author"."name" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   LEFT JOIN "author" "author" ON "author"."id"="item"."authorId") "seq"
   *   ORDER BY "seq"."seq_k0" ASC, "seq"."seq_idx" ASC, "seq"."seq_t0_p0" ASC
   * ```
   */
  leftJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('leftJoinAndSelect', 'left', true, path, alias);
  }

  /**
   * Inner-joins a relation of every entity and loads it into the entities, as TypeORM's
   * innerJoinAndSelect(): rows without the related entity are left out.
   *
   * @param path - a relation property path on every entity (`'author'`, `'author.publisher'`).
   * @param alias - the join's alias; default the path with `.` replaced by `_`.
   * @returns A sequence with the join (one join per path: a second call for a path replaces the first).
   * @throws {@link UnknownFieldError} if a path is not a relation on every entity.
   * @throws {@link InvalidArgumentError} if the path or alias is not a plain identifier.
   *
   * @example
   * ```ts
   * const withAuthors = await seq.innerJoinAndSelect('author').getMany(); // item.author is set on each
   * ```
   */
  innerJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('innerJoinAndSelect', 'inner', true, path, alias);
  }

  /**
   * Left-joins a relation of every entity without loading it, as TypeORM's leftJoin(): for conditions
   * and order keys on the related fields.
   *
   * @param path - a relation property path on every entity (`'author'`, `'author.publisher'`).
   * @param alias - the join's alias; default the path with `.` replaced by `_`.
   * @returns A sequence with the join (one join per path: a second call for a path replaces the first).
   * @throws {@link UnknownFieldError} if a path is not a relation on every entity.
   * @throws {@link InvalidArgumentError} if the path or alias is not a plain identifier.
   *
   * @example
   * ```ts
   * seq.leftJoin('author').orderBy('author.name', 'ASC', 'NULLS LAST');
   * ```
   */
  leftJoin(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('leftJoin', 'left', false, path, alias);
  }

  /**
   * Inner-joins a relation of every entity without loading it, as TypeORM's innerJoin(): rows without
   * the related entity are left out.
   *
   * @param path - a relation property path on every entity (`'author'`, `'author.publisher'`).
   * @param alias - the join's alias; default the path with `.` replaced by `_`.
   * @returns A sequence with the join (one join per path: a second call for a path replaces the first).
   * @throws {@link UnknownFieldError} if a path is not a relation on every entity.
   * @throws {@link InvalidArgumentError} if the path or alias is not a plain identifier.
   *
   * @example
   * ```ts
   * seq.innerJoin('author').where({ author: { name: 'Ada Lovelace' } });
   * ```
   * ```sql
   * SELECT *
   *   FROM (SELECT 0 AS "seq_idx", "item"."title" AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "book" "item"
   *   INNER JOIN "author" "author" ON "author"."id"="item"."authorId"
   *   WHERE (((("author"."name" = $1))))
   * UNION ALL SELECT 1 AS "seq_idx", CAST(NULL AS character varying) AS "seq_t0_o0", "item"."id" AS "seq_t0_p0", …
   *   FROM "article" "item"
   *   INNER JOIN "author" "author" ON "author"."id"="item"."authorId"
   *   WHERE (((("author"."name" = $2))))) "seq"
   *   ORDER BY "seq"."seq_idx" ASC, "seq"."seq_t0_o0" ASC, "seq"."seq_t0_p0" ASC
   * ```
   */
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
   *
   * @param other - a SelectQueryBuilder or another sequence.
   * @returns A sequence of both, typed with both unions.
   * @throws {@link InvalidArgumentError} if `other` is neither.
   * @throws {@link UnsupportedOperationError} if a builder to merge is paged or has no entity.
   *
   * @example
   * ```ts
   * const bugs = ds.getRepository(Book).createQueryBuilder('item').where('item.title = :t', { t: 'The Bug' });
   * const more = seq.where({ pages: MoreThan(300) }).or(bugs); // Books over 300 pages or titled 'The Bug', Articles over 300
   * ```
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

  /**
   * Django's `qss & qs`: keeps the builders of `qb`'s entity (and DataSource), each restricted to rows `qb`
   * also returns; the other builders are dropped.
   *
   * @param qb - a SelectQueryBuilder.
   * @returns A sequence of the builders of `qb`'s entity, narrowed.
   * @throws {@link InvalidArgumentError} if `qb` is not a SelectQueryBuilder.
   *
   * @example
   * ```ts
   * const long = ds.getRepository(Book).createQueryBuilder('item').where('item.pages > 200');
   * await seq.and(long).getMany(); // only Books, and only those over 200 pages
   * ```
   */
  and(qb: SelectQueryBuilder<any>): SequenceQueryBuilder<T> {
    if (!isSelectQueryBuilder(qb)) invalidCombine(qb);
    const members = bakeFilters(this.state)
      .filter((m) => sameSource(m, qb))
      .map((m) => Object.freeze({ ...m, builder: intersectBuilders(m.builder, qb) }));
    return this.with({ members, filters: [] });
  }

  /**
   * Each row once. Rows of different builders are different rows; two builders of one entity must be
   * merged with or() first.
   *
   * @returns The same sequence, checked.
   * @throws {@link UnsupportedOperationError} if two builders select the same entity on the same DataSource.
   *
   * @example
   * ```ts
   * seq.distinct(); // fine: one builder per entity
   * ```
   */
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

  /**
   * Partial entities holding only these properties (relation paths allowed) plus the primary key, as
   * TypeORM's select(): the statements read only those columns.
   *
   * @param paths - property paths every entity has.
   * @returns A sequence of partial entities.
   * @throws {@link InvalidArgumentError} if `paths` is not a non-empty array of plain paths.
   * @throws {@link UnknownFieldError} if a path is not on every entity.
   *
   * @example
   * ```ts
   * seq.select(['title']).orderBy('title').take(5);
   * ```
   * ```sql
   * (SELECT "item"."title" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0"
   *   FROM "book" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 5)
   * UNION ALL (SELECT "item"."title" AS "seq_k0", 1 AS "seq_idx", "item"."id" AS "seq_t0_p0"
   *   FROM "article" "item"
   *   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC
   *   LIMIT 5)
   *   ORDER BY "seq_k0" ASC, "seq_idx" ASC, "seq_t0_p0" ASC
   *   LIMIT 5
   * ```
   */
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

  /**
   * Plain objects keyed by path, in the sequence's order and honouring skip/take: one statement per
   * DataSource, no entity is built. `'#'` gives the builder's index, `'author.name'` joins as needed; no
   * paths: every column of each entity plus `'#'`.
   *
   * @param paths - paths every entity has, or `'#'`.
   * @returns One object per row.
   * @throws {@link UnknownFieldError} if a path is not on every entity.
   * @throws {@link InvalidArgumentError} if a path is not a plain path.
   *
   * @example
   * ```ts
   * await seq.orderBy('title').take(2).getValues('#', 'title');
   * // [{ '#': 0, title: 'Abstraction' }, { '#': 1, title: 'Against premature optimisation' }]
   * ```
   */
  async getValues<P extends SequencePath<T>>(...paths: P[]): Promise<{ [K in P]: PathValue<T, K> }[]> {
    checkValuePaths('getValues', paths, this.state.members);
    // each row holds exactly `paths`, each value converted as TypeORM converts the column for entities
    return loadValues(this.plan(paths), this.state) as Promise<unknown> as Promise<
      { [K in P]: PathValue<T, K> }[]
    >;
  }

  /**
   * One array per row, values in the order of the paths; as {@link SequenceQueryBuilder.getValues | getValues()}.
   *
   * @param paths - at least one path every entity has, or `'#'`.
   * @returns One array per row.
   * @throws {@link InvalidArgumentError} if no path is given.
   * @throws {@link UnknownFieldError} if a path is not on every entity.
   *
   * @example
   * ```ts
   * const rows = await seq.orderBy('title').take(2).getTuples('#', 'title'); // [[0, 'Abstraction'], [1, …]]
   * ```
   */
  async getTuples<P extends SequencePath<T>>(...paths: P[]): Promise<PathValue<T, P>[][]> {
    if (paths.length === 0) throw new InvalidArgumentError('getTuples(...paths)', 'give at least one path.');
    const rows = await this.getValues(...paths);
    return rows.map((row) => paths.map((path) => row[path]));
  }

  /**
   * One value per row, in the sequence's order; as {@link SequenceQueryBuilder.getValues | getValues()}.
   *
   * @param path - a path every entity has, or `'#'`.
   * @returns The values.
   * @throws {@link UnknownFieldError} if the path is not on every entity.
   *
   * @example
   * ```ts
   * const titles: string[] = await seq.orderBy('title').pluck('title');
   * ```
   */
  async pluck<P extends SequencePath<T>>(path: P): Promise<PathValue<T, P>[]> {
    const rows = await this.getValues(path);
    return rows.map((row) => row[path]);
  }

  // ---------------------------------------------------------------- heads

  /**
   * The first row of the total order, or null: each builder gives its head (LIMIT 1) and the heads are
   * compared. Ignores skip/take.
   *
   * @returns The first entity, or null if the sequence is empty.
   *
   * @example
   * ```ts
   * const oldest = await seq.orderBy('release').getFirst();
   * ```
   */
  async getFirst(): Promise<T | null> {
    const whole =
      this.state.skip === undefined && this.state.take === undefined
        ? this
        : this.with({ skip: undefined, take: undefined });
    return loadHead<T>(whole.plan());
  }

  /**
   * The last row of the total order, or null (the first of {@link SequenceQueryBuilder.reverse | reverse()}).
   * Ignores skip/take.
   *
   * @returns The last entity, or null if the sequence is empty.
   * @throws {@link UnsupportedOperationError} with takeEach() or interleave().
   *
   * @example
   * ```ts
   * const newest = await seq.orderBy('release').getLast();
   * ```
   */
  async getLast(): Promise<T | null> {
    refuseQuota(this.state, 'getLast()', 'take the last row of getMany() instead.');
    return this.reverse().getFirst();
  }

  /**
   * The max by `paths` (a leading `-` reverses one), default the entities' `@Sequenced({ latestBy })`
   * (Django's `latest()`). Like SQL's MAX(), NULL values lose on every database: a row with a NULL key comes
   * only if no row has a value.
   *
   * @param paths - property paths every entity has; none: the entities' `latestBy`.
   * @returns The latest entity.
   * @throws EntityNotFoundError (TypeORM's) if the sequence is empty.
   * @throws {@link IncompatibleOrderingError} without paths, if an entity has no `latestBy` or they differ.
   * @throws {@link UnsupportedOperationError} with takeEach() or interleave().
   *
   * @example
   * ```ts
   * const latest = await sequenceOf(ds, 'publications').getLatest(); // by release, from @Sequenced({ latestBy })
   * const longest = await seq.getLatest('pages', '-title');
   * ```
   */
  async getLatest(...paths: string[]): Promise<T> {
    return this.extreme('DESC', paths, 'getLatest');
  }

  /**
   * The min by `paths` (a leading `-` reverses one), default the entities' `@Sequenced({ latestBy })`;
   * NULL values lose, as with SQL's MIN().
   *
   * @param paths - property paths every entity has; none: the entities' `latestBy`.
   * @returns The earliest entity.
   * @throws EntityNotFoundError (TypeORM's) if the sequence is empty.
   * @throws {@link IncompatibleOrderingError} without paths, if an entity has no `latestBy` or they differ.
   * @throws {@link UnsupportedOperationError} with takeEach() or interleave().
   *
   * @example
   * ```ts
   * const first = await seq.getEarliest('release');
   * ```
   */
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

  /**
   * Is this entity (same class and primary key) one of the sequence's rows, under its conditions?
   *
   * @param entity - an entity object.
   * @returns Whether the sequence has it.
   * @throws {@link InvalidArgumentError} if `entity` is not an object.
   * @throws {@link UnsupportedOperationError} with takeEach() or interleave().
   *
   * @example
   * ```ts
   * const book = await ds.getRepository(Book).findOneByOrFail({ title: 'The Bug' });
   * await seq.where({ pages: MoreThan(100) }).contains(book); // true if it has more than 100 pages
   * ```
   */
  async contains(entity: T): Promise<boolean> {
    if (!entity || typeof entity !== 'object')
      throw new InvalidArgumentError('contains(entity)', 'give an entity object.');
    refuseQuota(this.state, 'contains()', 'look for the entity in getMany() instead.');
    return containsEntity(this.plan(), entity);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Updates every matching row of every builder, as TypeORM's update(); the builders of one DataSource in
   * one transaction (a savepoint inside the caller's), all or nothing.
   *
   * @param values - the new values of fields every entity has.
   * @returns The rows changed, in all and per entity class name.
   * @throws {@link UnsupportedOperationError} if the sequence has skip/take/takeEach/interleave/orderBy/reverse.
   * @throws {@link UnknownFieldError} if a field is not on every entity.
   * @throws {@link InvalidArgumentError} if `values` is not an object of plain field names.
   *
   * @example
   * ```ts
   * await seq.where({ author: { name: 'Ada Lovelace' } }).update({ pages: 10 }); // { affected: 3, byEntity: { Book: 2, Article: 1 } }
   * ```
   */
  async update(values: QueryDeepPartialEntity<T>): Promise<WriteResult> {
    this.checkWritable('update');
    checkWriteValues(values as ObjectLiteral, this.state.members);
    return this.write((plan) => updateAll(plan, values as ObjectLiteral));
  }

  /**
   * Deletes every matching row of every builder; the builders of one DataSource all or nothing.
   *
   * @returns The rows deleted, in all and per entity class name.
   * @throws {@link UnsupportedOperationError} if the sequence has skip/take/takeEach/interleave/orderBy/reverse.
   *
   * @example
   * ```ts
   * const { affected } = await seq.where({ release: IsNull() }).delete();
   * ```
   */
  async delete(): Promise<WriteResult> {
    this.checkWritable('delete');
    return this.write(deleteAll);
  }

  /**
   * Sets the `@DeleteDateColumn` of every matching row not soft-deleted yet, as TypeORM's softDelete(); the
   * builders of one DataSource all or nothing. Every entity must have a delete date column.
   *
   * @returns The rows soft-deleted, in all and per entity class name.
   * @throws {@link UnsupportedOperationError} if the sequence has skip/take/takeEach/interleave/orderBy/reverse.
   * @throws {@link UnsupportedOperationError} if an entity has no `@DeleteDateColumn`.
   *
   * @example
   * ```ts
   * const notes = sequenceOf(ds, [Draft, Memo]); // entities with a @DeleteDateColumn
   * await notes.where({ priority: 0 }).softDelete();
   * ```
   */
  async softDelete(): Promise<WriteResult> {
    this.checkWritable('softDelete');
    checkSoftDeletable('softDelete', this.state.members);
    return this.write(softDeleteAll);
  }

  /**
   * Clears the `@DeleteDateColumn` of every soft-deleted row the conditions match (as if withDeleted() was
   * called: otherwise the sequence shows none); the builders of one DataSource all or nothing.
   *
   * @returns The rows restored, in all and per entity class name.
   * @throws {@link UnsupportedOperationError} if the sequence has skip/take/takeEach/interleave/orderBy/reverse.
   * @throws {@link UnsupportedOperationError} if an entity has no `@DeleteDateColumn`.
   *
   * @example
   * ```ts
   * const notes = sequenceOf(ds, [Draft, Memo]); // entities with a @DeleteDateColumn
   * await notes.where({ priority: 0 }).restore();
   * ```
   */
  async restore(): Promise<WriteResult> {
    this.checkWritable('restore');
    checkSoftDeletable('restore', this.state.members);
    return this.write(restoreAll);
  }

  private async write(run: (plan: SequencePlan) => Promise<WriteResult>): Promise<WriteResult> {
    // Writes run TypeORM's update/delete builders on the plan's own: planned alone, values in place.
    return run(this.plan(undefined, false));
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
   * position (never OFFSET): no connection is held between batches, and rows inserted or deleted meanwhile
   * never make another row come twice or go missing. `mode: 'cursor'` runs one statement per DataSource and
   * reads it through the driver's cursor (pg-cursor on PostgreSQL, mysql2's rows on MariaDB/MySQL,
   * better-sqlite3's `iterate()`): fewer statements, but the connection (and on PostgreSQL and MariaDB the
   * statement's snapshot) is held until the loop ends, breaks or throws, and on SQLite the only connection
   * cannot write meanwhile. skip()/take() apply in both modes.
   *
   * @param options - `{ batchSize, mode }` (defaults 500 and `'keyset'`); null for none.
   * @returns An async iterator of the entities.
   * @throws RangeError if `batchSize` is not a positive safe integer.
   * @throws {@link InvalidArgumentError} for an unknown option or `mode`, before any SQL.
   * @throws {@link UnsupportedOperationError} with takeEach() or interleave(); with `mode: 'cursor'`, when a
   *   builder whose entities need statements of their own runs on a caller's PostgreSQL/MariaDB transaction
   *   (its one connection is busy with the cursor), or (at the first row) pg-cursor is not installed.
   *
   * @example
   * ```ts
   * for await (const item of seq.orderBy('release').stream({ batchSize: 200 })) {
   *   out.write(JSON.stringify(item) + '\n');
   * }
   * // One statement read through the driver's cursor (PostgreSQL):
   * // (SELECT "item"."release" AS "seq_k0", 0 AS "seq_idx", "item"."id" AS "seq_t0_p0", … FROM "book" "item"
   * //   ORDER BY "seq_k0" ASC, "seq_t0_p0" ASC) UNION ALL (… FROM "article" "item" ORDER BY …)
   * //   ORDER BY "seq_k0" ASC, "seq_idx" ASC, "seq_t0_p0" ASC
   * for await (const item of seq.orderBy('release').stream({ mode: 'cursor' })) {
   *   out.write(JSON.stringify(item) + '\n');
   * }
   * ```
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
    const plan = this.plan();
    return mode === 'cursor'
      ? cursorRows<T>(plan, this.state, batchSize)
      : streamRows<T>(plan, this.state, batchSize);
  }

  /**
   * The sequence is `AsyncIterable<T>`: `for await` streams it with the default batch size.
   *
   * @returns `stream()`.
   *
   * @example
   * ```ts
   * for await (const item of seq.orderBy('title')) console.log(item.title);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this.stream();
  }

  /**
   * Keyset (cursor) pagination over the total order, in Relay's connection shape: `first` rows after
   * `after`, or `last` rows before `before`. Cursors are opaque and tied to this ordering; page 5 000 costs
   * what page 1 costs, and rows inserted or deleted between two pages never make a row come twice or go missing.
   *
   * @param options - `{ first, after? }` or `{ last, before? }`, optionally `secret` and `withCount`.
   * @returns The page: `items`, `edges`, `pageInfo` (and `totalCount`/`counts` with `withCount`).
   * @throws RangeError if `first`/`last` is not a non-negative safe integer.
   * @throws {@link InvalidArgumentError} for no direction, both directions, an unknown option or a bad `secret`/`withCount`.
   * @throws {@link InvalidCursorError} for a malformed, tampered or foreign cursor, before any SQL.
   * @throws {@link UnsupportedOperationError} if the sequence has skip/take, takeEach() or interleave().
   *
   * @example
   * ```ts
   * const feed = seq.orderBy('release', 'DESC');
   * const page1 = await feed.paginate({ first: 20 });
   * const page2 = await feed.paginate({ first: 20, after: page1.pageInfo.endCursor });
   * ```
   */
  async paginate(options?: PaginateOptions | null): Promise<SequenceConnection<T>> {
    return paginate<T>(this.state, { forward: this.plan(), reversed: this.reverse().plan() }, options);
  }

  /**
   * The database's plan (EXPLAIN; SQLite: EXPLAIN QUERY PLAN; MariaDB with take(): ANALYZE, which runs it)
   * for each statement that orders and pages the sequence, one per DataSource. `sortsAllRows` marks a plan that sorts a table's rows to find a page of
   * take() rows; its `warning` then says to create the indexes of indexHints().
   *
   * @returns The statements, their plans and whether each sorts a table's rows.
   * @throws {@link UnsupportedOperationError} for interleave() over several DataSources.
   *
   * @example
   * ```ts
   * const [{ sql, plan, sortsAllRows }] = await seq.orderBy('release', 'DESC').take(20).explain();
   * if (sortsAllRows) console.warn(seq.indexHints().map((hint) => hint.sql));
   * ```
   */
  async explain(): Promise<QueryPlan[]> {
    return explainPlan(this.plan(), this.state);
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
   * @returns One hint per builder that can have rows, in `#` order.
   * @throws {@link UnsupportedOperationError} for a DataSource whose driver this package does not support.
   *
   * @example
   * ```ts
   * sequenceOf(ds, [Book, Article]).where({ pages: 100 }).orderBy('release', 'DESC').indexHints();
   * // PostgreSQL:
   * // [{ entity: 'Book', index: 0, table: 'book', columns: ['pages ASC', 'release DESC', 'id DESC'],
   * //    sql: 'CREATE INDEX "seq_book_pages_release_d_id_d" ON "book" ("pages" ASC, "release" DESC, "id" DESC)' },
   * //  { entity: 'Article', index: 1, table: 'article', … }]
   * ```
   */
  indexHints(): IndexHint[] {
    if (this.state.members.length === 0) return [];
    return indexHints(planSequence(this.state), this.state);
  }

  // ---------------------------------------------------------------- running it

  /**
   * The entities, in the sequence's order, honouring skip/take: per DataSource one statement that orders and
   * pages the union, plus one load per entity whose columns it does not carry (see getQueries()).
   *
   * @returns The entities, each an instance of its own class; {@link sequenceIndexOf} tells its builder.
   * @throws {@link UnsupportedOperationError} for interleave() across DataSources.
   *
   * @example
   * ```ts
   * const page: (Book | Article)[] = await seq.orderBy('release', 'DESC').skip(20).take(10).getMany();
   * ```
   */
  async getMany(): Promise<T[]> {
    return loadPage<T>(this.plan(), this.state);
  }

  /**
   * The first row of {@link SequenceQueryBuilder.getMany | getMany()} (`take(1)`), or null.
   *
   * @returns The first entity, or null.
   *
   * @example
   * ```ts
   * const one = await seq.where({ title: 'The Bug' }).getOne();
   * ```
   */
  async getOne(): Promise<T | null> {
    const [first] = await this.take(1).getMany();
    return first ?? null;
  }

  /**
   * Like {@link SequenceQueryBuilder.getOne | getOne()}, but an empty result is TypeORM's
   * `EntityNotFoundError`, so existing exception filters answer it (404).
   *
   * @returns The first entity.
   * @throws EntityNotFoundError (TypeORM's) if there is none.
   *
   * @example
   * ```ts
   * const book = await seq.where({ title: 'The Bug' }).getOneOrFail();
   * ```
   */
  async getOneOrFail(): Promise<T> {
    const one = await this.getOne();
    if (one === null) throw this.notFound();
    return one;
  }

  /**
   * The only matching row (Django's `get()`).
   *
   * @returns The entity.
   * @throws EntityNotFoundError (TypeORM's) if none matches.
   * @throws {@link MultipleEntitiesFoundError} if more than one does.
   *
   * @example
   * ```ts
   * const book = await seq.where({ title: 'The Bug' }).getUnique();
   * ```
   */
  async getUnique(): Promise<T> {
    const rows = await this.take(2).getMany();
    if (rows.length === 0) throw this.notFound();
    if (rows.length > 1)
      throw new MultipleEntitiesFoundError(rows.map((r) => r.constructor?.name ?? 'Object'));
    return rows[0];
  }

  /**
   * Rows across all builders, ignoring skip/take, as TypeORM's getCount() (takeEach() counted in).
   *
   * @returns The number of rows.
   *
   * @example
   * ```ts
   * const total = await seq.where({ pages: MoreThan(100) }).getCount();
   * ```
   */
  async getCount(): Promise<number> {
    return countAll(this.plan());
  }

  /**
   * getCount() split per entity class name (builders of one entity add up) and per builder `#` (0 for a
   * builder that can have no rows), ignoring skip/take; the same statements as getCount().
   *
   * @returns `{ total, byEntity, byIndex }`.
   *
   * @example
   * ```ts
   * await seq.getCounts(); // { total: 11, byEntity: { Book: 5, Article: 6 }, byIndex: [5, 6] }
   * ```
   */
  async getCounts(): Promise<SequenceCounts> {
    return countsOf(this.plan(), this.state.members);
  }

  /**
   * {@link SequenceQueryBuilder.getMany | getMany()} and {@link SequenceQueryBuilder.getCount | getCount()},
   * run concurrently, as TypeORM's getManyAndCount().
   *
   * @returns The page and the count of every row.
   *
   * @example
   * ```ts
   * const [items, total] = await seq.orderBy('title').take(10).getManyAndCount();
   * ```
   */
  async getManyAndCount(): Promise<[T[], number]> {
    return Promise.all([this.getMany(), this.getCount()]);
  }

  /**
   * Whether the sequence has any row, stopping at the first builder that has one.
   *
   * @returns `true` if a row matches.
   *
   * @example
   * ```ts
   * if (await seq.where({ title: 'The Bug' }).getExists()) console.log('found');
   * ```
   */
  async getExists(): Promise<boolean> {
    if (this.state.takeEach === 0) return false;
    return anyExists(this.plan());
  }

  /**
   * The statements a getMany() would run, without running them: per DataSource the statement that orders
   * and pages (`entity` `'*'` over several entities), then one load per entity whose columns it does not carry
   * (its primary keys shown as {@link PAGE_IDS}). `parameters` as the driver receives them.
   *
   * @returns The statements.
   *
   * @example
   * ```ts
   * for (const { entity, sql, parameters } of seq.getQueries()) console.log(entity, sql, parameters);
   * // * SELECT * FROM (SELECT 0 AS "seq_idx", "item"."title" AS "seq_t0_o0", … [] (see from())
   * ```
   */
  getQueries(): QueryDescription[] {
    return describeQueries(this.plan(), this.state);
  }

  /**
   * Clones of the builders that can have rows, with the sequence's joins, filters and order applied: for
   * what the sequence cannot do (a per-entity query, a builder method it lacks).
   *
   * @returns One SelectQueryBuilder per builder that can have rows.
   *
   * @example
   * ```ts
   * const [books, articles] = seq.where({ pages: MoreThan(100) }).getBuilders();
   * ```
   */
  getBuilders(): SelectQueryBuilder<T>[] {
    // Handed to the caller: the builders of a plan of its own, holding their parameter values.
    const plan = this.plan(undefined, false);
    return plan.active.map((m) => builderInTotalOrder(m, plan.sort));
  }

  /**
   * The one way a terminal method gets its plan (an empty sequence's is the empty plan, which every
   * execution function answers without SQL): shared by every sequence of this one's shape unless
   * `shared` is false (see planning/plan-sequence.ts).
   */
  private plan(valuePaths?: readonly string[], shared = true): SequencePlan {
    return planSequence(this.state, valuePaths, { shared });
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
  return member.metadata.target === mainMetadataOf(qb)?.target && member.dataSource === dataSourceOf(qb);
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
