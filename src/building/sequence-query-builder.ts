import { EntityNotFoundError, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { MultipleEntitiesFoundError } from '../errors';
import type { Condition, FilterTerm } from '../filtering/condition';
import { validateObjectCondition } from '../filtering/object-condition';
import { isPlainObject } from '../filtering/find-operator';
import { checkOrderArguments, type OrderKey } from '../ordering/order-key';
import { checkOrderKey } from '../ordering/resolve-order-key';
import { planSequence } from '../planning/plan-sequence';
import { countAll } from '../execution/count';
import { anyExists } from '../execution/exists';
import { loadPage } from '../execution/load-page';
import { describeQueries, type QueryDescription } from '../execution/describe-queries';
import { builderInTotalOrder } from '../planning/builder-in-total-order';
import type { NullsPlacement, SequencePath, SortDirection } from '../types';
import { checkJoinPath } from './join-path';
import { toMember } from './member';
import { EMPTY_STATE, nextState, type JoinSpec, type SequenceState } from './sequence-state';

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
      throw new TypeError(
        `A condition is an object, an array of objects, a string, Brackets or a function; got ${String(condition)}.`,
      );
    }
    return Object.freeze({ connective, negated, condition, parameters });
  }

  // ---------------------------------------------------------------- ordering and paging

  /** Replaces the order. `path` is a property path common to every entity, or `'#'`. */
  orderBy(
    path: SequencePath<T>,
    order: SortDirection = 'ASC',
    nulls?: NullsPlacement,
  ): SequenceQueryBuilder<T> {
    return this.with({ orders: [this.orderKey(path, order, nulls)] });
  }

  addOrderBy(
    path: SequencePath<T>,
    order: SortDirection = 'ASC',
    nulls?: NullsPlacement,
  ): SequenceQueryBuilder<T> {
    return this.with({ orders: [...this.state.orders, this.orderKey(path, order, nulls)] });
  }

  private orderKey(path: string, order: SortDirection, nulls?: NullsPlacement): OrderKey {
    checkOrderArguments(path, order, nulls);
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

  // ---------------------------------------------------------------- joins

  leftJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('left', true, path, alias);
  }

  innerJoinAndSelect(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('inner', true, path, alias);
  }

  leftJoin(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('left', false, path, alias);
  }

  innerJoin(path: string, alias?: string): SequenceQueryBuilder<T> {
    return this.join('inner', false, path, alias);
  }

  private join(
    kind: 'left' | 'inner',
    select: boolean,
    path: string,
    alias?: string,
  ): SequenceQueryBuilder<T> {
    checkJoinPath(path, alias, this.state.members);
    const spec: JoinSpec = Object.freeze({ kind, select, path, alias: alias ?? path.replace(/\./g, '_') });
    return this.with({ joins: [...this.state.joins.filter((j) => j.path !== path), spec] });
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

  async getManyAndCount(): Promise<[T[], number]> {
    return Promise.all([this.getMany(), this.getCount()]);
  }

  async getExists(): Promise<boolean> {
    if (this.state.members.length === 0) return false;
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

function checkCount(method: 'skip' | 'take', value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${method}(${String(value)}): expected a non-negative integer.`);
  }
  return value;
}
