import { bracketOwnConditions, dataSourceOf } from '../planning/typeorm-internals';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import { primaryKeyIn } from './primary-key-subquery';

/**
 * Two builders of one entity as one SelectQueryBuilder returning the rows of either, each once (Django's
 * `qs1 | qs2`). The result is a plain builder over the entity with `a`'s alias, filtered by primary key,
 * so where, orderBy, joins, getCount, skip/take all keep working on it.
 */
export function unionBuilders<E extends object>(
  a: SelectQueryBuilder<E>,
  b: SelectQueryBuilder<any>,
): SelectQueryBuilder<E> {
  const metadata = checkSameEntity(a, b, 'unionBuilders');
  const result = dataSourceOf(a).createQueryBuilder(metadata.target, a.alias, (a as any).queryRunner);
  const left = primaryKeyIn(a.alias, a);
  const right = primaryKeyIn(a.alias, b);
  return result
    .where(new Brackets((qb) => qb.where(left.condition).orWhere(right.condition)))
    .setParameters({ ...left.parameters, ...right.parameters }) as SelectQueryBuilder<E>;
}

/** Rows of `a` that `b` returns too. */
export function intersectBuilders<E extends object>(
  a: SelectQueryBuilder<E>,
  b: SelectQueryBuilder<any>,
): SelectQueryBuilder<E> {
  checkSameEntity(a, b, 'and');
  const { condition, parameters } = primaryKeyIn(a.alias, b);
  const result = a.clone();
  bracketOwnConditions(result);
  return result.andWhere(condition).setParameters(parameters);
}

function checkSameEntity(a: SelectQueryBuilder<any>, b: SelectQueryBuilder<any>, method: string) {
  const ma = a.expressionMap.mainAlias?.hasMetadata ? a.expressionMap.mainAlias.metadata : undefined;
  const mb = b.expressionMap.mainAlias?.hasMetadata ? b.expressionMap.mainAlias.metadata : undefined;
  if (!ma || !mb || ma.target !== mb.target) {
    throw new UnsupportedOperationError(
      `${method}: both builders must select the same entity (got ${ma?.name ?? 'none'} and ${mb?.name ?? 'none'}).`,
    );
  }
  if (dataSourceOf(a) !== dataSourceOf(b)) {
    throw new UnsupportedOperationError(`${method}: both builders must use the same DataSource.`);
  }
  for (const [side, qb] of [
    ['first', a],
    ['second', b],
  ] as const) {
    const map = qb.expressionMap;
    if (
      map.skip !== undefined ||
      map.take !== undefined ||
      map.limit !== undefined ||
      map.offset !== undefined
    ) {
      throw new UnsupportedOperationError(
        `${method}: the ${side} ${ma.name} builder is already paged (skip/take/limit/offset); combine first, ` +
          `then page the result.`,
      );
    }
  }
  return ma;
}
