import { markSequenceIndex } from '../model/sequence-index';
import { hydrationBuilder } from '../planning/carried-columns';
import { withValues } from '../planning/parameter-binding';
import type { CarriedReader } from '../planning/carry-layout';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { INDEX_COLUMN } from '../planning/sort-plan';
import { broadcastLoad } from '../typeorm/internals';
import { fanOut } from './fan-out';

export type KeyRow = Record<string, unknown>;

/** Builders whose entity columns a page's key rows carry, by `#`. */
export type Carried = ReadonlyMap<number, CarriedReader>;

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
  return withValues(hydrationBuilder(m, plan), m, plan.binding).andWhereInIds(ids);
}

/** Entities of one builder's key rows: loaded by primary key, in chunks (databases cap a statement's parameters). */
async function loadEntities(m: Materialized, plan: SequencePlan, rows: readonly KeyRow[]) {
  const entities: object[] = [];
  for (let i = 0; i < rows.length; i += LOAD_CHUNK) {
    entities.push(...(await loadQueryFor(m, plan, rows.slice(i, i + LOAD_CHUNK)).getMany()));
  }
  const names = plan.sort.primaryKeyColumns.get(m.member.index)!;
  const primary = m.member.metadata.primaryColumns;
  const byKey = new Map(entities.map((e) => [keyOf(primary.map((c) => c.getEntityValue(e))), e]));
  return rows.map((row) => byKey.get(keyOf(names.map((n) => row[n]))));
}

/** Entities of one builder's key rows that carry its columns: TypeORM's hydration, without a statement. */
async function carriedEntities(carried: CarriedReader, rows: readonly KeyRow[]) {
  const entities = carried.hydrate(
    rows.map((row) => {
      const raw: Record<string, unknown> = {};
      for (const { key, from } of carried.fields) raw[key] = row[from];
      return raw;
    }),
  );
  if (carried.broadcast) {
    await broadcastLoad(
      carried.qb,
      entities.filter((e): e is object => e !== undefined),
    );
  }
  return entities;
}

/**
 * The entities of a page of key rows, in key order: taken from the rows where they carry them, otherwise
 * loaded (one query per builder present, run together). A row deleted between the two queries is left out.
 */
export async function hydrateRows<T>(
  rows: readonly KeyRow[],
  plan: SequencePlan,
  carried: Carried = new Map(),
): Promise<{ row: KeyRow; entity: T }[]> {
  const rowsByIndex = new Map<number, KeyRow[]>();
  for (const row of rows) {
    const index = Number(row[INDEX_COLUMN]);
    const list = rowsByIndex.get(index);
    if (list) list.push(row);
    else rowsByIndex.set(index, [row]);
  }
  const entityOf = new Map<KeyRow, object>();
  await fanOut(
    plan.active.filter((m) => rowsByIndex.has(m.member.index)),
    (m) => m.member.dataSource,
    async (m) => {
      const own = rowsByIndex.get(m.member.index)!;
      const carriedHere = carried.get(m.member.index);
      const entities = carriedHere
        ? await carriedEntities(carriedHere, own)
        : await loadEntities(m, plan, own);
      own.forEach((row, i) => {
        const entity = entities[i];
        if (entity === undefined) return;
        markSequenceIndex(entity, m.member.index);
        entityOf.set(row, entity);
      });
    },
  );
  const result: { row: KeyRow; entity: T }[] = [];
  for (const row of rows) {
    const entity = entityOf.get(row);
    if (entity) result.push({ row, entity: entity as T });
  }
  return result;
}

export async function hydrate<T>(
  rows: readonly KeyRow[],
  plan: SequencePlan,
  carried?: Carried,
): Promise<T[]> {
  return (await hydrateRows<T>(rows, plan, carried)).map((pair) => pair.entity);
}
