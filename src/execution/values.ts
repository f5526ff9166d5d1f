import type { SequencePlan } from '../planning/plan-sequence';
import { INDEX_COLUMN } from '../planning/sort-plan';
import type { SequenceState } from '../model/sequence-state';
import { pageKeyRows } from './load-page';

/**
 * Plain objects keyed by path, read straight from the key query (one statement per DataSource, no
 * entity loading). Values are converted as TypeORM converts them for entities.
 */
export async function loadValues(
  plan: SequencePlan,
  state: SequenceState,
): Promise<Record<string, unknown>[]> {
  if (state.take === 0 || plan.groups.length === 0) return [];
  const { rows } = await pageKeyRows(plan, state.skip, state.take);
  return rows.map((row) => {
    const index = Number(row[INDEX_COLUMN]);
    const member = plan.active.find((m) => m.member.index === index)!.member;
    const values: Record<string, unknown> = {};
    for (const { name, path, source } of plan.projection!.get(index)!) {
      values[path] =
        source.kind === 'index'
          ? index
          : source.kind === 'column'
            ? member.dataSource.driver.prepareHydratedValue(row[name], source.column)
            : row[name];
    }
    return values;
  });
}
