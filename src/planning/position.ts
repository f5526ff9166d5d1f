import { labelAt } from '../dialect/enum-order';
import { TEXT_SUFFIX } from './branch-sql';
import type { Position } from './seek';
import { INDEX_COLUMN, type SortPlan } from './sort-plan';

/**
 * The position of a key row in the total order: the sort columns its builder fills, dates and times as
 * the database's text, so that a position can leave the process (a cursor) and come back exactly.
 */
export function positionOf(row: Record<string, unknown>, plan: SortPlan): Position {
  const index = Number(row[INDEX_COLUMN]);
  const own = plan.sources.get(index)!;
  const position: Record<string, unknown> = { [INDEX_COLUMN]: index };
  for (const column of plan.columns) {
    if (column.name === INDEX_COLUMN || !(column.shared || own.has(column.name))) continue;
    const text = row[column.name + TEXT_SUFFIX];
    const value = column.labels ? labelAt(column.labels, row[column.name]) : row[column.name];
    position[column.name] = portable(text !== undefined ? text : value);
  }
  return position;
}

function portable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}
