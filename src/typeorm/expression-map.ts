import type { EntityMetadata, OrderByCondition, SelectQueryBuilder } from 'typeorm';

/*
 * What a builder holds (TypeORM's `expressionMap`, an internal QueryExpressionMap): read through these
 * functions, changed only on clones.
 */

/** Does `value` carry TypeORM's expression map (with getMany(): a SelectQueryBuilder of any copy of TypeORM)? */
export function hasExpressionMap(value: object): boolean {
  return typeof (value as any).expressionMap === 'object';
}

/** The entity a builder selects from, or undefined when it has none (a raw table, a subquery). */
export function mainMetadataOf(builder: SelectQueryBuilder<any>): EntityMetadata | undefined {
  const main = builder.expressionMap.mainAlias;
  return main?.hasMetadata ? main.metadata : undefined;
}

/** Has the builder been paged (skip/take/limit/offset)? Such a builder cannot be merged or sequenced. */
export function isPaged(builder: SelectQueryBuilder<any>): boolean {
  const map = builder.expressionMap;
  return (
    map.skip !== undefined || map.take !== undefined || map.limit !== undefined || map.offset !== undefined
  );
}

/** Does the builder include soft-deleted rows (withDeleted())? */
export function includesDeleted(builder: SelectQueryBuilder<any>): boolean {
  return builder.expressionMap.withDeleted;
}

/** A builder's own order: its orderBy, else its entity's `@Entity({ orderBy })` (TypeORM's `allOrderBys`). */
export function allOrderBysOf(builder: SelectQueryBuilder<any>): OrderByCondition {
  return builder.expressionMap.allOrderBys;
}

/** What the builder selects, as written to select()/addSelect() (`alias`, `alias.path`, SQL). */
export function selectionsOf(builder: SelectQueryBuilder<any>): string[] {
  return builder.expressionMap.selects.map((s) => s.selection);
}

/** Every alias the builder uses: its main alias, its joins', its subqueries'. */
export function aliasNamesOf(builder: SelectQueryBuilder<any>): string[] {
  return builder.expressionMap.aliases.map((a) => a.name);
}

export interface UnorderedCloneOptions {
  /** Select nothing, for the caller to add its own selection (default false). */
  readonly clearSelection?: boolean;
  /**
   * Keep the entity's `@Entity({ orderBy })`, for a caller that orders the clone itself (then it never
   * applies); by default it is disabled too (default false).
   */
  readonly keepEntityOrder?: boolean;
}

/** A clone of the builder without its order (and, optionally, its selection); the builder is unchanged. */
export function unorderedClone(
  builder: SelectQueryBuilder<any>,
  { clearSelection = false, keepEntityOrder = false }: UnorderedCloneOptions = {},
): SelectQueryBuilder<any> {
  const qb = builder.clone();
  qb.expressionMap.orderBys = {};
  if (clearSelection) qb.expressionMap.selects = [];
  if (!keepEntityOrder) qb.setOption('disable-global-order');
  return qb;
}
