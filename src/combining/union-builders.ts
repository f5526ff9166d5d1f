import type { SelectQueryBuilder } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import { checkBuilderAlias } from '../metadata/names';
import {
  dataSourceOf,
  dropConditions,
  includesDeleted,
  isPaged,
  mainMetadataOf,
  makeJoinsLeft,
} from '../typeorm/internals';
import { joinPrimaryKeysOf } from './primary-keys';

/**
 * Two builders of one entity as one SelectQueryBuilder returning the rows of either, each once (Django's
 * `qs1 | qs2`). The result is `a` with its own selection, order and (left) joins, its conditions replaced
 * by "in a or in b"; where, orderBy, joins, getCount, skip/take all keep working on it. Parameter names of
 * the two may collide without clashing.
 *
 * @param a - the first builder: its selection, order and joins are the result's.
 * @param b - a builder of the same entity and DataSource.
 * @returns A new SelectQueryBuilder; `a` and `b` are left as they are.
 * @throws {@link UnsupportedOperationError} if the builders select different entities, use different DataSources, or
 *   one is already paged.
 * @throws {@link InvalidArgumentError} if a builder's alias is not a plain identifier.
 *
 * @example
 * ```ts
 * const books = ds.getRepository(Book);
 * const either = unionBuilders(
 *   books.createQueryBuilder('item').where('item.pages > :n', { n: 300 }),
 *   books.createQueryBuilder('item').where('item.title = :n', { n: 'The Bug' }),
 * );
 * const count = await either.getCount(); // books over 300 pages or titled 'The Bug', each once
 * ```
 */
export function unionBuilders<E extends object>(
  a: SelectQueryBuilder<E>,
  b: SelectQueryBuilder<any>,
): SelectQueryBuilder<E> {
  const result = cloneOfFirst(a, b, 'unionBuilders');
  dropConditions(result);
  // a's inner joins filtered a's rows; that filtering now lives in the key subquery and must not drop
  // b's rows, so they stay only to load and order: as left joins.
  makeJoinsLeft(result);
  // Each side's key subquery leaves out its own soft-deleted rows, or not: b's withDeleted() must not be
  // undone by a's soft-delete condition on the result.
  if (includesDeleted(b)) result.withDeleted();
  joinPrimaryKeysOf(result, [a, b]);
  return result;
}

/** A clone of `a`, once `b` is known to be a builder of the same entity. */
function cloneOfFirst<E extends object>(
  a: SelectQueryBuilder<E>,
  b: SelectQueryBuilder<any>,
  method: string,
): SelectQueryBuilder<E> {
  checkSameEntity(a, b, method);
  return a.clone();
}

/** Rows of `a` that `b` returns too. */
export function intersectBuilders<E extends object>(
  a: SelectQueryBuilder<E>,
  b: SelectQueryBuilder<any>,
): SelectQueryBuilder<E> {
  const result = cloneOfFirst(a, b, 'and');
  joinPrimaryKeysOf(result, [b]);
  return result;
}

function checkSameEntity(a: SelectQueryBuilder<any>, b: SelectQueryBuilder<any>, method: string) {
  const ma = mainMetadataOf(a);
  const mb = mainMetadataOf(b);
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
    // Each builder's alias is written into the combined SQL: a user-supplied one must be a plain identifier.
    checkBuilderAlias(qb.alias, `${method}(): the ${side} ${ma.name} builder`);
    if (isPaged(qb)) {
      throw new UnsupportedOperationError(
        `${method}: the ${side} ${ma.name} builder is already paged (skip/take/limit/offset); combine first, ` +
          `then page the result.`,
      );
    }
  }
  return ma;
}
