import type { Member } from '../model/member';
import type { SequencePlan } from '../planning/plan-sequence';
import { countByIndex } from './count';

/** getCounts(): the rows of the sequence, in all and per entity class name and per builder `#`. */
export interface SequenceCounts {
  /** Rows in all, as getCount(). */
  total: number;
  /** Keyed by entity class name; builders of one entity add up. */
  byEntity: Record<string, number>;
  /** One entry per builder `#` (0 for a builder that can have no rows). */
  byIndex: number[];
}

/** The counts of getCount(), split per entity and per `#`: the same statements. */
export async function countsOf(plan: SequencePlan, members: readonly Member[]): Promise<SequenceCounts> {
  const counted = plan.active.length === 0 ? new Map<number, number>() : await countByIndex(plan);
  return countsFrom(counted, members);
}

function countsFrom(counted: ReadonlyMap<number, number>, members: readonly Member[]): SequenceCounts {
  const byIndex = new Array<number>(Math.max(-1, ...members.map((m) => m.index)) + 1).fill(0);
  const byEntity: Record<string, number> = {};
  let total = 0;
  for (const member of members) {
    const count = counted.get(member.index) ?? 0;
    byIndex[member.index] = count;
    byEntity[member.metadata.name] = (byEntity[member.metadata.name] ?? 0) + count;
    total += count;
  }
  return { total, byEntity, byIndex };
}
