import type { SequencePlan } from '../planning/plan-sequence';
import { hydrate } from './hydrate';
import { pageKeyRows } from './load-page';

/**
 * The first row of the total order. Each builder contributes its own head (its branch ordered and
 * limited to one row inside the statement, so an index on the key serves it) and the heads are
 * compared by the database; the winner comes with its columns where it can, or is loaded.
 */
export async function loadHead<T>(plan: SequencePlan): Promise<T | null> {
  if (plan.groups.length === 0) return null;
  const { rows, carried } = await pageKeyRows(plan, undefined, 1, { headsOnly: true, entities: true });
  if (rows.length === 0) return null;
  const [entity] = await hydrate<T>(rows, plan, carried);
  return entity ?? null;
}
