import type { Member } from '../model/member';
import type { SequenceState } from '../model/sequence-state';
import { materialize } from './materialize';

/**
 * The members with the sequence's filters written into their own builders; members that cannot match
 * are dropped. Combining (or/and) starts from this, so a builder added later is not filtered by
 * conditions set before it joined, as with Django's `qs1 | qs2`.
 */
export function bakeFilters(state: Pick<SequenceState, 'members' | 'filters'>): Member[] {
  if (state.filters.length === 0) return [...state.members];
  return state.members.flatMap((member) => {
    const materialized = materialize(member, { filters: state.filters, joins: [] });
    return materialized ? [Object.freeze({ ...member, builder: materialized.qb })] : [];
  });
}
