import type { SelectQueryBuilder } from 'typeorm';
import { dialectOf } from '../dialect/dialect';
import type { Materialized } from './materialize';
import { memo } from '../util/memo';
import type { SequencePlan } from './plan-sequence';
import {
  entityColumnSelects,
  joinedMetadataOf,
  loadsMoreThanColumns,
  rebindJoins,
  selectionsOf,
  unorderedClone,
  type EntityColumnSelect,
} from '../typeorm/internals';

/**
 * A shallow page's key query can carry the entity columns of its rows, so the page is hydrated from that
 * one statement instead of loading each entity by primary key afterwards.
 */
export interface CarriedEntity {
  /** The builder TypeORM hydrates the rows with (its selection and selected joins). */
  readonly qb: SelectQueryBuilder<any>;
  readonly columns: readonly CarriedColumn[];
}

/** A column getMany() would select, and what UNION needs to know to share a key-query column with it. */
export interface CarriedColumn extends EntityColumnSelect {
  /** Columns of the same type signature can share one key-query column across builders. */
  readonly type: string;
  /** What the other builders' branches put there: NULL, typed where UNION needs it (PostgreSQL). */
  readonly nullSql: string;
}

/** Skipped rows a carrying page may sort: beyond it, the narrow key query plus loads is faster. */
export const CARRY_MAX_SKIP = 1000;

/** Beyond this many columns per builder the wide union costs more than it saves. */
const MAX_COLUMNS = 100;

/** The builder a page's entities are hydrated with: the materialized builder unordered, select(paths) applied. */
export function hydrationBuilder(materialized: Materialized, plan: SequencePlan): SelectQueryBuilder<any> {
  const qb = unorderedClone(materialized.qb);
  if (plan.selection) selectOnly(qb, materialized, plan);
  return qb;
}

/** select(paths): the primary key, the paths (related ones with their entity's key), joined entities kept. */
function selectOnly(qb: SelectQueryBuilder<any>, materialized: Materialized, plan: SequencePlan): void {
  const joinedAndSelected = selectionsOf(qb).filter(
    (selection) => selection !== materialized.member.alias && !selection.includes('.'),
  );
  const selects = new Set(
    materialized.member.metadata.primaryColumns.map((c) => `${materialized.member.alias}.${c.propertyPath}`),
  );
  for (const { source } of plan.selection!.get(materialized.member.index) ?? []) {
    if (source.kind !== 'column') continue;
    // TypeORM builds each level of a relation path from its primary key: select every level's key.
    const parts = source.joinPath ? source.joinPath.split('.') : [];
    parts.forEach((_, i) => {
      const alias = materialized.aliasOf(parts.slice(0, i + 1).join('.'));
      const metadata = joinedMetadataOf(qb, alias);
      for (const c of metadata?.primaryColumns ?? []) selects.add(`${alias}.${c.propertyPath}`);
    });
    selects.add(`${materialized.aliasOf(source.joinPath)}.${source.column.propertyPath}`);
  }
  qb.select([...selects]);
  for (const selection of joinedAndSelected) qb.addSelect(selection);
  rebindJoins(qb);
}

const carriedByBuilder = new WeakMap<Materialized, CarriedEntity | null>();

/**
 * What the key query can carry for a builder, or undefined when its rows must be loaded separately: joins
 * that repeat rows, @RelationId/@RelationCount or query-strategy relations (loaded by more statements),
 * locks, or a column whose type UNION could not match with a NULL (PostgreSQL enums, for instance).
 */
export function carriedEntity(materialized: Materialized, plan: SequencePlan): CarriedEntity | undefined {
  return memo(carriedByBuilder, materialized, () => carryable(materialized, plan) ?? null) ?? undefined;
}

function carryable(materialized: Materialized, plan: SequencePlan): CarriedEntity | undefined {
  if (materialized.mayRepeatRows) return undefined;
  const qb = hydrationBuilder(materialized, plan);
  if (loadsMoreThanColumns(qb)) return undefined;
  const selects = entityColumnSelects(qb);
  if (!selects || selects.length === 0 || selects.length > MAX_COLUMNS) return undefined;
  const columns: CarriedColumn[] = [];
  for (const select of selects) {
    const typed = dialectOf(materialized.member.dataSource).unionType(
      materialized.member.dataSource,
      select.column,
    );
    if (!typed) return undefined;
    columns.push({ ...select, ...typed });
  }
  return { qb, columns };
}
