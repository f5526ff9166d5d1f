import type { DataSource } from 'typeorm';
import type { SequenceState } from '../model/sequence-state';
import { materialize, type Materialized } from './materialize';
import { memo } from '../util/memo';
import { planProjection, projectionJoinPaths, type Projection } from './projection';
import { quotaOf, type Quota } from './quota';
import { planSort, sortJoinPaths, type SortPlan } from './sort-plan';

/** What a terminal method works from: the total order and the builders that can have rows, per DataSource. */
export interface SequencePlan {
  readonly sort: SortPlan;
  readonly active: readonly Materialized[];
  readonly groups: readonly (readonly Materialized[])[];
  /** Value columns read from the key query (getValues), if any. */
  readonly projection?: Projection;
  /** Columns of select(paths), loaded into partial entities. */
  readonly selection?: Projection;
  /** takeEach()/interleave(): rows per builder, applied by the key query and the counts. */
  readonly quota?: Quota;
}

/**
 * Plans of sequences that differ only in skip/take (or not at all) are the same: builders are immutable
 * and derived builders share their state's arrays, so a plan is kept per (builders, filters, orders,
 * joins) identity and reused. Materialized builders in a plan are never changed, only cloned.
 */
const plans = new WeakMap<
  object,
  WeakMap<object, WeakMap<object, WeakMap<object, Map<string, SequencePlan>>>>
>();

export function planSequence(state: SequenceState, valuePaths?: readonly string[]): SequencePlan {
  const byFilters = memo(plans, state.members, () => new WeakMap());
  const byOrders = memo(byFilters, state.filters, () => new WeakMap());
  const byJoins = memo(byOrders, state.orders, () => new WeakMap());
  const byRest = memo(byJoins, state.joins, () => new Map<string, SequencePlan>());
  const key = JSON.stringify([
    state.reversed,
    state.selection ?? null,
    valuePaths ?? null,
    quotaOf(state) ?? null,
  ]);
  return memo(byRest, key, () => buildPlan(state, valuePaths));
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
    .filter((materialized): materialized is Materialized => materialized !== null);
  const byDataSource = new Map<DataSource, Materialized[]>();
  for (const materialized of active) {
    const group = byDataSource.get(materialized.member.dataSource) ?? [];
    group.push(materialized);
    byDataSource.set(materialized.member.dataSource, group);
  }
  return { sort, active, groups: [...byDataSource.values()], projection, selection, quota: quotaOf(state) };
}

/** The plan of a sequence with no builders. */
export const EMPTY_PLAN: SequencePlan = Object.freeze({
  sort: { columns: [], sources: new Map(), primaryKeyColumns: new Map(), keyTypes: new Map() },
  active: [],
  groups: [],
});
