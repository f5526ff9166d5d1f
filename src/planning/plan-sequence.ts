import { parametersOf } from '../typeorm/internals';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { Member } from '../model/member';
import type { SequenceState } from '../model/sequence-state';
import { LruCache } from '../util/lru';
import { memo } from '../util/memo';
import { materialize, type Materialized } from './materialize';
import { slotParameters, type Binding } from './parameter-binding';
import { planProjection, projectionJoinPaths, type Projection } from './projection';
import { quotaOf, type Quota } from './quota';
import { sequenceShape } from './sequence-shape';
import { planSort, sortJoinPaths, type SortPlan } from './sort-plan';

/** What a terminal method works from: the total order and the builders that can have rows, per DataSource. */
export interface SequencePlan {
  readonly sort: SortPlan;
  readonly active: readonly Materialized[];
  /**
   * The builders each read statement covers: one group per DataSource (strategy 'union'), or one per
   * builder ('per-builder'). Several groups are read at once and merged in order.
   */
  readonly groups: readonly (readonly Materialized[])[];
  /** The builders per DataSource, whatever the strategy: what writes are all or nothing over. */
  readonly byDataSource: readonly (readonly Materialized[])[];
  /** Value columns read from the key query (getValues), if any. */
  readonly projection?: Projection;
  /** Columns of select(paths), loaded into partial entities. */
  readonly selection?: Projection;
  /** takeEach()/interleave(): rows per builder, applied by the key query and the counts. */
  readonly quota?: Quota;
  /**
   * A plan shared by the sequences of one shape has slots for parameter values in its builders; this is
   * the request's values (see parameter-binding.ts). Absent: the builders hold their own values.
   */
  readonly binding?: Binding;
}

/** A plan shared by every sequence of one shape, with the names of each builder's parameters. */
interface SharedPlan {
  readonly plan: SequencePlan;
  readonly parameterNames: ReadonlyMap<number, readonly string[]>;
}

/** How many sequence shapes keep their plan (and the SQL built from it) by default. */
export const DEFAULT_PLAN_CACHE_SIZE = 500;

/**
 * Plans by sequence shape (sequence-shape.ts), least recently used dropped beyond the bound: a server
 * building its sequences afresh per request plans each shape once, and its memory does not grow with the
 * number of distinct shapes it ever saw. Each plan holds the SQL built from it (key queries per page size,
 * counts, loads), itself bounded per plan.
 */
export const planCache = new LruCache<string, SharedPlan>(DEFAULT_PLAN_CACHE_SIZE);

/**
 * A sequence object used again (the same state arrays) finds its plan without computing its shape:
 * builders are immutable and derived builders share their state's arrays, so a plan is kept per
 * (builders, filters, orders, joins) identity and the rest of the state, under the builders' array (a
 * few variants each: the sequence, its reverse, its getValues()...; the oldest dropped).
 */
interface KnownPlan {
  readonly filters: object;
  readonly orders: object;
  readonly joins: object;
  readonly rest: string;
  readonly plan: SequencePlan;
}
const byIdentity = new WeakMap<object, KnownPlan[]>();
const VARIANTS = 16;

/**
 * The plan of a sequence. Planned once per shape: a sequence of a shape seen before gets that shape's
 * plan with its own parameter values bound. `shared: false` plans it on its own (the builders keep their
 * values: for writes and for builders handed to the caller).
 */
export function planSequence(
  state: SequenceState,
  valuePaths?: readonly string[],
  { shared = true }: { shared?: boolean } = {},
): SequencePlan {
  if (state.members.length === 0) return EMPTY_PLAN;
  if (!shared) return buildPlan(state, valuePaths);
  const rest = `${state.reversed}|${state.selection ? JSON.stringify(state.selection) : ''}|${valuePaths ? JSON.stringify(valuePaths) : ''}|${state.takeEach}|${state.interleaved}|${state.strategy ?? 'union'}`;
  const known = memo(byIdentity, state.members, () => []);
  const found = known.find(
    (k) =>
      k.filters === state.filters && k.orders === state.orders && k.joins === state.joins && k.rest === rest,
  );
  if (found) return found.plan;
  const plan = planByShape(state, valuePaths);
  if (known.length >= VARIANTS) known.shift();
  known.push({ filters: state.filters, orders: state.orders, joins: state.joins, rest, plan });
  return plan;
}

function planByShape(state: SequenceState, valuePaths?: readonly string[]): SequencePlan {
  const shape = sequenceShape(state, valuePaths);
  if (shape === undefined) return buildPlan(state, valuePaths);
  let shared = planCache.get(shape);
  if (shared === undefined) {
    const plan = buildPlan(state, valuePaths);
    const parameterNames = new Map(plan.active.map((m) => [m.member.index, slotParameters(m)]));
    shared = { plan, parameterNames };
    planCache.set(shape, shared);
  }
  const binding = bindingOf(state, shared);
  // Parameters named otherwise than the shared plan's (which a shape should rule out): planned alone.
  if (binding === undefined) return buildPlan(state, valuePaths);
  return Object.freeze({ ...shared.plan, binding });
}

/**
 * The request's parameter values for a shared plan's builders: each builder's own, plus those the
 * sequence's filters add (compiled into a copy of the builder, as planning does).
 */
function bindingOf(state: SequenceState, shared: SharedPlan): Binding | undefined {
  const binding = new Map<number, ObjectLiteral>();
  for (const m of shared.plan.active) {
    const member = state.members.find((candidate) => candidate.index === m.member.index);
    if (member === undefined) return undefined;
    const parameters =
      state.filters.length === 0 ? parametersOf(member.builder) : filteredParameters(member, state);
    if (parameters === undefined || !sameNames(parameters, shared.parameterNames.get(m.member.index)!))
      return undefined;
    binding.set(m.member.index, parameters);
  }
  return binding;
}

/** The parameters of the builder with the sequence's filters compiled in (as planning compiles them). */
function filteredParameters(member: Member, state: SequenceState): ObjectLiteral | undefined {
  const materialized = materialize(member, state);
  return materialized ? parametersOf(materialized.qb) : undefined;
}

function sameNames(parameters: ObjectLiteral, names: readonly string[]): boolean {
  let i = 0;
  for (const name in parameters) if (names[i++] !== name) return false;
  return i === names.length;
}

function buildPlan(state: SequenceState, valuePaths?: readonly string[]): SequencePlan {
  const sort = planSort(state, state.members);
  const projection = valuePaths ? planProjection(valuePaths, state.members) : undefined;
  const selection = state.selection ? planProjection(state.selection, state.members) : undefined;
  const active = state.members
    .map((member) =>
      materialize(member, state, [
        ...sortJoinPaths(sort, member),
        ...projectionJoinPaths(projection, member),
        ...projectionJoinPaths(selection, member),
      ]),
    )
    .filter((m): m is Materialized => m !== null);
  const byDataSource = new Map<DataSource, Materialized[]>();
  for (const m of active) {
    const group = byDataSource.get(m.member.dataSource) ?? [];
    group.push(m);
    byDataSource.set(m.member.dataSource, group);
  }
  const groups = [...byDataSource.values()];
  return {
    sort,
    active,
    groups: state.strategy === 'per-builder' ? active.map((m) => [m]) : groups,
    byDataSource: groups,
    projection,
    selection,
    quota: quotaOf(state),
  };
}

/** The plan of a sequence with no builders: every terminal method answers it without SQL. */
export const EMPTY_PLAN: SequencePlan = Object.freeze({
  sort: { columns: [], sources: new Map(), primaryKeyColumns: new Map(), keyTypes: new Map() },
  active: [],
  groups: [],
  byDataSource: [],
});
