import type { SequencePlan } from '../planning/plan-sequence';
import { bareCopy } from '../planning/branch-sql';
import { withValues } from '../planning/parameter-binding';

/** Asks the builders in `#` order and stops at the first one that has a row. */
export async function anyExists(plan: SequencePlan): Promise<boolean> {
  for (const m of plan.active) {
    if (await withValues(bareCopy(m), m, plan.binding).select('1').getExists()) return true;
  }
  return false;
}
