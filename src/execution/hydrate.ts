import { markSequenceIndex } from '../building/sequence-index';
import type { SelectQueryBuilder } from 'typeorm';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { INDEX_COLUMN } from '../planning/sort-plan';
import { rebindJoins } from '../planning/typeorm-internals';

export type KeyRow = Record<string, unknown>;

/** Primary keys per load statement. */
const LOAD_CHUNK = 5000;

const keyOf = (values: unknown[]) => values.map((v) => String(v)).join('\u0000');

/** The entity-loading query for one builder and the primary keys of its rows in a page. */
export function loadQueryFor(m: Materialized, plan: SequencePlan, rows: readonly KeyRow[]) {
  const names = plan.sort.primaryKeyColumns.get(m.member.index)!;
  const primary = m.member.metadata.primaryColumns;
  const ids = rows.map((row) =>
    primary.length === 1
      ? row[names[0]]
      : Object.assign({}, ...primary.map((column, j) => column.createValueMap(row[names[j]]))),
  );
  const qb = m.qb.clone();
  qb.expressionMap.orderBys = {};
  qb.setOption('disable-global-order');
  if (plan.selection) selectOnly(qb, m, plan);
  return qb.andWhereInIds(ids);
}

/** select(paths): the primary key, the paths (related ones with their entity's key), joined entities kept. */
function selectOnly(qb: SelectQueryBuilder<any>, m: Materialized, plan: SequencePlan): void {
  const joinedAndSelected = qb.expressionMap.selects.filter(
    (s) => s.selection !== m.member.alias && !s.selection.includes('.'),
  );
  const selects = new Set(m.member.metadata.primaryColumns.map((c) => `${m.member.alias}.${c.propertyPath}`));
  for (const { source } of plan.selection!.get(m.member.index) ?? []) {
    if (source.kind !== 'column') continue;
    // TypeORM builds each level of a relation path from its primary key: select every level's key.
    const parts = source.joinPath ? source.joinPath.split('.') : [];
    parts.forEach((_, i) => {
      const alias = m.aliasOf(parts.slice(0, i + 1).join('.'));
      const metadata = qb.expressionMap.joinAttributes.find((j) => j.alias.name === alias)?.metadata;
      for (const c of metadata?.primaryColumns ?? []) selects.add(`${alias}.${c.propertyPath}`);
    });
    selects.add(`${m.aliasOf(source.joinPath)}.${source.column.propertyPath}`);
  }
  qb.select([...selects]);
  for (const s of joinedAndSelected) qb.addSelect(s.selection);
  rebindJoins(qb);
}

/**
 * Loads the entities of a page of key rows (one query per builder present, run together) and returns
 * them in key order. A row deleted between the two queries is left out.
 */
export async function hydrateRows(rows: readonly KeyRow[], plan: SequencePlan) {
  const active = plan.active;
  const rowsByIndex = new Map<number, KeyRow[]>();
  for (const row of rows) {
    const index = Number(row[INDEX_COLUMN]);
    const list = rowsByIndex.get(index);
    if (list) list.push(row);
    else rowsByIndex.set(index, [row]);
  }
  const loaded = new Map<string, object>();
  await Promise.all(
    active
      .filter((m) => rowsByIndex.has(m.member.index))
      .map(async (m) => {
        // In chunks: databases cap the parameters of one statement (SQLite at 32 766).
        const all = rowsByIndex.get(m.member.index)!;
        const entities: object[] = [];
        for (let i = 0; i < all.length; i += LOAD_CHUNK) {
          entities.push(...(await loadQueryFor(m, plan, all.slice(i, i + LOAD_CHUNK)).getMany()));
        }
        const primary = m.member.metadata.primaryColumns;
        for (const entity of entities) {
          markSequenceIndex(entity, m.member.index);
          loaded.set(`${m.member.index}:${keyOf(primary.map((c) => c.getEntityValue(entity)))}`, entity);
        }
      }),
  );
  const result: { row: KeyRow; entity: any }[] = [];
  for (const row of rows) {
    const index = Number(row[INDEX_COLUMN]);
    const names = plan.sort.primaryKeyColumns.get(index)!;
    const entity = loaded.get(`${index}:${keyOf(names.map((n) => row[n]))}`);
    if (entity) result.push({ row, entity });
  }
  return result;
}

export async function hydrate(rows: readonly KeyRow[], plan: SequencePlan): Promise<any[]> {
  return (await hydrateRows(rows, plan)).map((pair) => pair.entity);
}
