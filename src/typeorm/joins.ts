import type { EntityMetadata, SelectQueryBuilder } from 'typeorm';
import { UnsupportedTypeormError } from '../errors/unsupported-typeorm-error';
import type { RelationMetadata } from './types';
import { typeormVersion } from './version';

/*
 * A builder's joins: TypeORM's JoinAttribute objects in `expressionMap.joinAttributes`.
 */

/** What this package reads of a join (a TypeORM JoinAttribute). */
export interface JoinView {
  /** The alias the join is selected as. */
  readonly alias: { readonly name: string };
  /** For a relation join (`parent.relation`): the parent's alias, else undefined. */
  readonly parentAlias: string | undefined;
  /** For a relation join: the relation's property path on the parent, else undefined. */
  readonly relationPropertyPath: string | undefined;
  /** For a relation join: the relation, else undefined. */
  readonly relation: RelationMetadata | undefined;
  /** The joined entity, if the join has one. */
  readonly metadata: EntityMetadata | undefined;
}

/** The builder's joins, in the order they were added. */
export function joinsOf(builder: SelectQueryBuilder<any>): readonly JoinView[] {
  return builder.expressionMap.joinAttributes;
}

/** The entity joined under `alias`, if any. */
export function joinedMetadataOf(
  builder: SelectQueryBuilder<any>,
  alias: string,
): EntityMetadata | undefined {
  return builder.expressionMap.joinAttributes.find((j) => j.alias.name === alias)?.metadata;
}

/** Turns every join of a builder into a left join (the rows it filtered are filtered elsewhere). */
export function makeJoinsLeft(builder: SelectQueryBuilder<any>): void {
  for (const join of builder.expressionMap.joinAttributes) join.direction = 'LEFT';
}

/**
 * A cloned builder's joins still look at the original builder's selects (TypeORM's JoinAttribute copy
 * keeps the old expression map in its private `queryExpressionMap`) and cache the answer. After changing
 * a clone's selects, point its joins at its own map and drop that cache, or a newly selected join is not
 * hydrated.
 *
 * @throws {UnsupportedTypeormError} when a join has no `queryExpressionMap` (a TypeORM release that moved
 *   it): writing it would change nothing, and the joins would silently not be hydrated.
 */
export function rebindJoins(builder: SelectQueryBuilder<any>): void {
  for (const join of builder.expressionMap.joinAttributes) {
    if (!Object.prototype.hasOwnProperty.call(join, 'queryExpressionMap')) {
      throw new UnsupportedTypeormError(
        'JoinAttribute.queryExpressionMap',
        typeormVersion(),
        'is missing (the expression map a join reads its selection from)',
      );
    }
    (join as any).queryExpressionMap = builder.expressionMap;
    join.isSelectedEvaluated = false;
  }
}
