import type { SequenceState } from '../building/sequence-state';
import { keyQuery, type KeyQueryOptions, type Page } from '../planning/key-query';
import type { SequencePlan } from '../planning/plan-sequence';
import { hydrate, type KeyRow } from './hydrate';
import { mergeKeyRows } from './merge-key-rows';
import { runStatement } from './run-statement';

/**
 * The rows of a page in the sequence's order. One DataSource: one key query ordered and paged by the
 * database, then one load per builder in the page. Several: each database orders its part with
 * LIMIT skip+take, and the parts are merged.
 */
export async function loadPage(plan: SequencePlan, state: SequenceState): Promise<any[]> {
  if (state.take === 0 || plan.groups.length === 0) return [];
  const keyRows = await pageKeyRows(plan, state.skip, state.take);
  return hydrate(keyRows, plan);
}

/** The key query of each DataSource for a page: itself paged with one DataSource; LIMIT skip+take with several. */
export function keyStatements(
  plan: SequencePlan,
  skip?: number,
  take?: number,
  options: KeyQueryOptions = {},
) {
  const page: Page =
    plan.groups.length === 1 ? { skip, take } : { take: take === undefined ? undefined : (skip ?? 0) + take };
  return plan.groups.map((group) => ({
    group,
    entity: group.length === 1 ? group[0].member.metadata.name : '*',
    statement: keyQuery(group, plan.sort, page, { projection: plan.projection, ...options }),
  }));
}

export async function pageKeyRows(
  plan: SequencePlan,
  skip?: number,
  take?: number,
  options: KeyQueryOptions = {},
): Promise<KeyRow[]> {
  const lists = await Promise.all(
    keyStatements(plan, skip, take, options).map(({ group, statement }) =>
      statement ? runStatement(group[0], statement) : [],
    ),
  );
  if (lists.length === 1) return lists[0];
  const limit = take === undefined ? undefined : (skip ?? 0) + take;
  return mergeKeyRows(lists, plan.sort).slice(skip ?? 0, limit);
}
