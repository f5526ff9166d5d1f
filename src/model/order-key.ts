import { SEQUENCE_INDEX } from './sequence-index';
import { InvalidArgumentError } from '../errors';
import { checkPath, shown } from '../metadata/names';
import type { NullsPlacement, SortDirection } from './types';

/** One `orderBy`/`addOrderBy` call as recorded on the sequence. */
export interface OrderKey {
  readonly path: string;
  readonly order: SortDirection;
  readonly nulls?: NullsPlacement;
}

export const flipDirection = (order: SortDirection): SortDirection => (order === 'ASC' ? 'DESC' : 'ASC');

export const flipNulls = (nulls: NullsPlacement | undefined): NullsPlacement | undefined =>
  nulls === undefined ? undefined : nulls === 'NULLS FIRST' ? 'NULLS LAST' : 'NULLS FIRST';

/** orderBy()'s arguments: a property path (or `'#'`), `'ASC'`/`'DESC'`, an optional NULL placement. */
export function checkOrderArguments(method: string, path: unknown, order: unknown, nulls: unknown): void {
  if (path !== SEQUENCE_INDEX) checkPath(path, `${method}(path)`);
  if (order !== 'ASC' && order !== 'DESC') {
    throw new InvalidArgumentError(
      `${method}('${path}', order)`,
      `the order must be 'ASC' or 'DESC', got ${shown(order)}.`,
    );
  }
  if (nulls !== undefined && nulls !== 'NULLS FIRST' && nulls !== 'NULLS LAST') {
    throw new InvalidArgumentError(
      `${method}('${path}', order, nulls)`,
      `nulls must be 'NULLS FIRST' or 'NULLS LAST', got ${shown(nulls)}.`,
    );
  }
}

/** TypeORM's order value: `'ASC'`, `'DESC'` or `{ order, nulls }`. */
export function parseOrderValue(value: unknown): { order: SortDirection; nulls?: NullsPlacement } {
  if (typeof value === 'string') return { order: value.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' };
  if (value && typeof value === 'object') {
    const { order, nulls } = value as { order?: string; nulls?: string };
    return {
      order: String(order ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
      nulls: nulls ? (String(nulls).toUpperCase() as NullsPlacement) : undefined,
    };
  }
  return { order: 'ASC' };
}
