import type { SequenceState } from '../model/sequence-state';
import { keyStatements } from './load-page';
import type { SequencePlan } from '../planning/plan-sequence';
import { loadQueryFor } from './hydrate';

/** One statement of {@link SequenceQueryBuilder.getQueries | getQueries()}. */
export interface QueryDescription {
  /** The entity class name, or `'*'` for a statement over several entities. */
  readonly entity: string;
  /** The SQL text, in the database's dialect, with its placeholders (`$1`, `?`). */
  readonly sql: string;
  /** The parameters as the driver receives them (a load shows {@link PAGE_IDS} for the page's primary keys). */
  readonly parameters: readonly unknown[];
}

/**
 * Stands where the primary keys of a page's rows go in a load statement of getQueries(), which only a run can
 * know.
 */
export const PAGE_IDS = '<primary keys of the page>';

/**
 * The statements getMany() runs: the key query of each DataSource, then one load per entity whose
 * columns the key query does not carry (run only for entities present in the page), shown with
 * PAGE_IDS in place of the page's primary keys.
 */
export function describeQueries(plan: SequencePlan, state: SequenceState): QueryDescription[] {
  const statements = keyStatements(plan, state.skip, state.take, { entities: true });
  const keys = statements.map(({ entity, statement }) => ({
    entity,
    sql: statement!.sql,
    parameters: [...statement!.parameters],
  }));
  const loads = plan.active
    .filter((m) => !statements.some(({ carry }) => carry.has(m.member.index)))
    .map((m) => {
      const placeholder = Object.fromEntries(
        plan.sort.primaryKeyColumns.get(m.member.index)!.map((n) => [n, PAGE_IDS]),
      );
      const [sql, parameters] = loadQueryFor(m, plan, [placeholder]).getQueryAndParameters();
      return { entity: m.member.metadata.name, sql, parameters };
    });
  return [...keys, ...loads];
}
