import type { SequenceState } from '../building/sequence-state';
import { keyQuery, type KeyQueryOptions, type Page } from '../planning/key-query';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { hydrate, type KeyRow } from './hydrate';
import { mergeKeyRows } from './merge-key-rows';
import { runStatement } from './run-statement';

/**
 * The rows of a page in the sequence's order. One DataSource: one key query ordered and paged by the
 * database, then one load per entity in the page. Several: each database orders its part with
 * LIMIT skip+take, and the parts are merged.
 */
export async function loadPage(plan: SequencePlan, state: SequenceState): Promise<any[]> {
  if (state.take === 0 || plan.groups.length === 0) return [];
  const keyRows = await pageKeyRows(plan, state.skip, state.take);
  return hydrate(keyRows, plan);
}

export async function pageKeyRows(
  plan: SequencePlan,
  skip?: number,
  take?: number,
  options: KeyQueryOptions = {},
): Promise<KeyRow[]> {
  const withValues = { projection: plan.projection, ...options };
  const run = async (group: readonly Materialized[], page: Page) => {
    const statement = keyQuery(group, plan.sort, page, withValues);
    return statement ? runStatement(group[0], statement) : [];
  };
  if (plan.groups.length === 1) return run(plan.groups[0], { skip, take });
  const limit = take === undefined ? undefined : (skip ?? 0) + take;
  const lists = await Promise.all(plan.groups.map((group) => run(group, { take: limit })));
  const merged = mergeKeyRows(lists, plan.sort);
  return merged.slice(skip ?? 0, limit);
}
