import { label } from './seed';
import type { TestDatabase } from './test-database';

/** Labels (`'Book:3'`) of entities returned by a sequence, in order. */
export const labels = (entities: readonly object[]): string[] => entities.map(label);

/**
 * One hand-written ORDER BY term with an explicit NULL placement. MariaDB has no NULLS FIRST/LAST, so
 * there the placement is written as an `IS NULL` key first.
 */
export function nullsTerm(
  db: TestDatabase,
  expr: string,
  order: 'ASC' | 'DESC',
  nulls: 'NULLS FIRST' | 'NULLS LAST',
): string {
  if (db.dialect === 'mysql') {
    return `(${expr} IS NULL) ${nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, ${expr} ${order}`;
  }
  return `${expr} ${order} ${nulls}`;
}

/** The '#', then primary-key tie breakers of the oracle's union (spec/support/oracle.ts), in one direction. */
export const tail = (order: 'ASC' | 'DESC'): string => `idx ${order}, ipk ${order}, spk ${order}`;
