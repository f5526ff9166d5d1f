import type { SequencePlan } from '../planning/plan-sequence';
import { hydrate } from './hydrate';
import { pageKeyRows } from './load-page';

/**
 * The first row of the total order. Each builder contributes its own head (its branch ordered and
 * limited to one row inside the statement, so an index on the key serves it) and the heads are
 * compared by the database; then the winner is loaded.
 */
export async function loadHead(plan: SequencePlan): Promise<any | null> {
  if (plan.groups.length === 0) return null;
  const [row] = await pageKeyRows(plan, undefined, 1, { headsOnly: true });
  if (!row) return null;
  const [entity] = await hydrate([row], plan);
  return entity ?? null;
}
