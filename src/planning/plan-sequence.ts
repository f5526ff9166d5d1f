import type { DataSource } from 'typeorm';
import type { SequenceState } from '../building/sequence-state';
import { materialize, type Materialized } from './materialize';
import { planSort, sortJoinPaths, type SortPlan } from './sort-plan';

/** What a terminal method works from: the total order and the builders that can have rows, per DataSource. */
export interface SequencePlan {
  readonly sort: SortPlan;
  readonly active: readonly Materialized[];
  readonly groups: readonly (readonly Materialized[])[];
}

export function planSequence(state: SequenceState): SequencePlan {
  const sort = planSort(state, state.members);
  const active = state.members
    .map((member) => materialize(member, state, sortJoinPaths(sort, member)))
    .filter((m): m is Materialized => m !== null);
  const byDataSource = new Map<DataSource, Materialized[]>();
  for (const m of active) {
    const group = byDataSource.get(m.member.dataSource) ?? [];
    group.push(m);
    byDataSource.set(m.member.dataSource, group);
  }
  return { sort, active, groups: [...byDataSource.values()] };
}
