import { columnFamily } from '../metadata/column-family';
import { memo } from '../util/memo';
import type { SortPlan } from './sort-plan';

/** Suffix of the key-query column holding a text key's binary sort key (see dialect textSortKeySql). */
export const WEIGHT_SUFFIX = '_w';

const textKeys = new WeakMap<SortPlan, ReadonlySet<string>>();

/**
 * The shared sort columns every builder fills with text (not an enum ordinal): the merge of several
 * statements compares them as text (by their sort key where the database gives one), never as numbers.
 */
export function textKeyColumns(plan: SortPlan): ReadonlySet<string> {
  return memo(textKeys, plan, () => {
    const names = new Set<string>();
    for (const column of plan.columns) {
      if (!column.shared || column.labels) continue;
      const sources = [...plan.sources.values()].map((s) => s.get(column.name));
      const text = sources.every(
        (source) =>
          source !== undefined &&
          source.kind !== 'index' &&
          source.column !== undefined &&
          columnFamily(source.column) === 'string',
      );
      if (text && sources.length > 0) names.add(column.name);
    }
    return names;
  });
}
