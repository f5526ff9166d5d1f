import type { NullsPlacement, SortDirection } from '../model/types';
import type { OrderTerm } from './sql-dialect';

/** ORDER BY terms on a database that has NULLS FIRST/LAST: the one term, placement as given. */
export function placedOrderTerms(
  expr: string,
  order: SortDirection,
  nulls?: NullsPlacement,
): readonly OrderTerm[] {
  return [{ sql: expr, order, nulls }];
}

/**
 * Whether NULLs come before values in an ORDER BY term: as placed, else by the database's default
 * (`nullsLargest`: it sorts NULL after every value in ascending order).
 */
export function nullsFirst(nullsLargest: boolean, order: SortDirection, nulls?: NullsPlacement): boolean {
  return nulls ? nulls === 'NULLS FIRST' : nullsLargest === (order === 'DESC');
}

/** ORDER BY terms as SQL text (`a ASC NULLS FIRST, b DESC`). */
export function orderTermsSql(terms: readonly OrderTerm[]): string {
  return terms
    .map(({ sql, order, nulls }) => (nulls ? `${sql} ${order} ${nulls}` : `${sql} ${order}`))
    .join(', ');
}
