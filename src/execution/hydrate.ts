import { markSequenceIndex } from '../building/sequence-index';
import type { Materialized } from '../planning/materialize';
import { INDEX_COLUMN, type SortPlan } from '../planning/sort-plan';

export type KeyRow = Record<string, unknown>;

const keyOf = (values: unknown[]) => values.map((v) => String(v)).join('\u0000');

/** The entity-loading query for one builder and the primary keys of its rows in a page. */
export function loadQueryFor(m: Materialized, plan: SortPlan, rows: readonly KeyRow[]) {
  const names = plan.primaryKeyColumns.get(m.member.index)!;
  const primary = m.member.metadata.primaryColumns;
  const ids = rows.map((row) =>
    primary.length === 1
      ? row[names[0]]
      : Object.assign({}, ...primary.map((column, j) => column.createValueMap(row[names[j]]))),
  );
  const qb = m.qb.clone();
  qb.expressionMap.orderBys = {};
  qb.setOption('disable-global-order');
  return qb.andWhereInIds(ids);
}

/**
 * Loads the entities of a page of key rows (one query per builder present, run together) and returns
 * them in key order. A row deleted between the two queries is left out.
 */
export async function hydrate(rows: readonly KeyRow[], active: readonly Materialized[], plan: SortPlan) {
  const rowsByIndex = new Map<number, KeyRow[]>();
  for (const row of rows) {
    const index = Number(row[INDEX_COLUMN]);
    rowsByIndex.set(index, [...(rowsByIndex.get(index) ?? []), row]);
  }
  const loaded = new Map<string, object>();
  await Promise.all(
    active
      .filter((m) => rowsByIndex.has(m.member.index))
      .map(async (m) => {
        const entities = await loadQueryFor(m, plan, rowsByIndex.get(m.member.index)!).getMany();
        const primary = m.member.metadata.primaryColumns;
        for (const entity of entities) {
          markSequenceIndex(entity, m.member.index);
          loaded.set(`${m.member.index}:${keyOf(primary.map((c) => c.getEntityValue(entity)))}`, entity);
        }
      }),
  );
  const result: any[] = [];
  for (const row of rows) {
    const index = Number(row[INDEX_COLUMN]);
    const names = plan.primaryKeyColumns.get(index)!;
    const entity = loaded.get(`${index}:${keyOf(names.map((n) => row[n]))}`);
    if (entity) result.push(entity);
  }
  return result;
}
