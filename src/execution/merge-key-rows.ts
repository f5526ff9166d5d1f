import type { SortColumn, SortPlan } from '../planning/sort-plan';
import type { KeyRow } from './hydrate';

/**
 * Merges key rows that several databases each sorted. Only the heads of different databases are
 * compared, so rows of one database keep that database's order (its collation included); across
 * databases values compare in JavaScript: numbers numerically, dates by time, strings by code unit,
 * and NULLs, unless placed explicitly, before every value (MySQL's and SQLite's default).
 */
export function mergeKeyRows(lists: readonly (readonly KeyRow[])[], plan: SortPlan): KeyRow[] {
  const compare = keyRowOrder(plan);
  const positions = lists.map(() => 0);
  const merged: KeyRow[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      if (positions[i] >= lists[i].length) continue;
      if (best < 0 || compare(lists[i][positions[i]], lists[best][positions[best]]) < 0) best = i;
    }
    if (best < 0) return merged;
    merged.push(lists[best][positions[best]++]);
  }
}

/** How mergeKeyRows compares the heads of two databases' rows: negative when `a` comes first. */
export function keyRowOrder(plan: SortPlan): (a: KeyRow, b: KeyRow) => number {
  const shared = plan.columns.filter((c) => c.shared);
  return (a, b) => compareRows(a, b, shared);
}

function compareRows(a: KeyRow, b: KeyRow, columns: readonly SortColumn[]): number {
  for (const column of columns) {
    const result = compareValues(a[column.name], b[column.name], column);
    if (result !== 0) return result;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown, column: SortColumn): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) {
    if (aNull && bNull) return 0;
    const nullFirst = column.nulls ? column.nulls === 'NULLS FIRST' : column.order === 'ASC';
    return aNull === nullFirst ? -1 : 1;
  }
  const x = comparable(a);
  const y = comparable(b);
  const numeric = typeof x === 'number' && typeof y === 'number';
  const result = numeric ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  return column.order === 'ASC' ? Math.sign(result) : -Math.sign(result);
}

function comparable(value: unknown): number | string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return String(value);
}
