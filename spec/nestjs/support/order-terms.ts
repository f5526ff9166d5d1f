import { label } from '../../support/seed';
import type { TestDatabase } from '../../support/test-database';

/** The '#', then the primary-key tie breakers of the shared oracle's union, in one direction. */
export const tail = (order: 'ASC' | 'DESC'): string => `idx ${order}, ipk ${order}, spk ${order}`;

/** A hand-written ORDER BY term with explicit NULL placement (MariaDB has no NULLS FIRST/LAST). */
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

/** Labels (`'Book:3'`) of entities, in order. */
export const labels = (entities: readonly object[]): string[] => entities.map(label);
