import type { SelectQueryBuilder } from 'typeorm';
import type { CarriedEntity } from './carried-columns';
import { dialectOf } from '../dialect/dialect';
import { sourceSql } from './branch-sql';
import { listensToLoad, rowHydrator } from '../typeorm/internals';
import type { Materialized } from './materialize';
import type { SortPlan } from './sort-plan';

/** A key-query column holding carried entity columns: each builder's own expression, NULL in the rest. */
export interface CarriedSlot {
  readonly name: string;
  readonly nullSql: string;
  readonly sqlByIndex: ReadonlyMap<number, string>;
}

/** How one builder's entities are read back from key rows: TypeORM's names, and the columns holding them. */
export interface CarriedReader {
  readonly qb: SelectQueryBuilder<any>;
  readonly fields: readonly { readonly key: string; readonly from: string }[];
  /** TypeORM's hydration of raw rows: an entity (or undefined) per row. */
  readonly hydrate: (raws: Record<string, unknown>[]) => (object | undefined)[];
  /** Whether anything listens to entities being loaded (then they are broadcast, as getMany() does). */
  readonly broadcast: boolean;
}

export interface CarryLayout {
  readonly slots: readonly CarriedSlot[];
  readonly readers: ReadonlyMap<number, CarriedReader>;
}

/**
 * Lays the carried columns of a key query's builders out in as few columns as possible (every value
 * the database returns costs the driver time): a column already in the key query (primary key, order
 * key) is read from there, and builders share a column for columns of one type.
 */
export function layoutCarried(
  carried: readonly { readonly materialized: Materialized; readonly entity: CarriedEntity }[],
  plan: SortPlan,
): CarryLayout {
  const slots: { name: string; type: string; nullSql: string; sqlByIndex: Map<number, string> }[] = [];
  const readers = new Map<number, CarriedReader>();
  for (const { materialized, entity } of carried) {
    const used = new Set<(typeof slots)[number]>();
    const fields = entity.columns.map((column) => {
      const key = keyColumnFor(materialized, column, plan);
      if (key) return { key: column.aliasName, from: key };
      let slot = slots.find((s) => s.type === column.type && !used.has(s));
      if (!slot) {
        slot = {
          name: `seq_c${slots.length}`,
          type: column.type,
          nullSql: column.nullSql,
          sqlByIndex: new Map(),
        };
        slots.push(slot);
      }
      used.add(slot);
      slot.sqlByIndex.set(materialized.member.index, column.selection);
      return { key: column.aliasName, from: slot.name };
    });
    readers.set(materialized.member.index, {
      qb: entity.qb,
      fields,
      hydrate: rowHydrator(entity.qb),
      broadcast: listensToLoad(entity.qb),
    });
  }
  return { slots, readers };
}

/** The key-query column that already holds this entity column with the same value, if any. */
function keyColumnFor(materialized: Materialized, column: CarriedEntity['columns'][number], plan: SortPlan) {
  if (column.alias !== materialized.member.alias || !column.column) return undefined;
  for (const [name, source] of plan.sources.get(materialized.member.index)!) {
    if (source.kind !== 'column' || source.joinPath || source.column !== column.column) continue;
    if (sourceSql(materialized, source) !== column.selection) continue;
    const sort = plan.columns.find((c) => c.name === name);
    if (sort?.labels) continue; // it holds the enum's ordinal, not the label
    // A column every builder fills holds UNION's common type: the same value only if all types agree.
    if (sort?.shared && !sameTypeEverywhere(name, plan, materialized, column.type)) continue;
    return name;
  }
  return undefined;
}

function sameTypeEverywhere(name: string, plan: SortPlan, materialized: Materialized, type: string): boolean {
  for (const sources of plan.sources.values()) {
    const source = sources.get(name);
    if (
      !source ||
      source.kind !== 'column' ||
      dialectOf(materialized.member.dataSource).unionType(materialized.member.dataSource, source.column)
        ?.type !== type
    )
      return false;
  }
  return true;
}
