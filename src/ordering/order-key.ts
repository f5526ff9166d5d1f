import type { NullsPlacement, SortDirection } from '../types';

/** One `orderBy`/`addOrderBy` call as recorded on the sequence. */
export interface OrderKey {
  readonly path: string;
  readonly order: SortDirection;
  readonly nulls?: NullsPlacement;
}

export const flipDirection = (order: SortDirection): SortDirection => (order === 'ASC' ? 'DESC' : 'ASC');

export const flipNulls = (nulls: NullsPlacement | undefined): NullsPlacement | undefined =>
  nulls === undefined ? undefined : nulls === 'NULLS FIRST' ? 'NULLS LAST' : 'NULLS FIRST';

export function checkOrderArguments(path: unknown, order: unknown, nulls: unknown): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(
      `orderBy: the path must be a non-empty property path such as 'title' or 'author.name'.`,
    );
  }
  if (order !== 'ASC' && order !== 'DESC') {
    throw new TypeError(`orderBy('${path}'): the order must be 'ASC' or 'DESC', got ${String(order)}.`);
  }
  if (nulls !== undefined && nulls !== 'NULLS FIRST' && nulls !== 'NULLS LAST') {
    throw new TypeError(
      `orderBy('${path}'): nulls must be 'NULLS FIRST' or 'NULLS LAST', got ${String(nulls)}.`,
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
