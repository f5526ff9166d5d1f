import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { columnFamily } from '../metadata/column-family';
import { dialectOf } from './dialect';
import { sourceSql } from './key-query';
import type { Materialized } from './materialize';
import { INDEX_COLUMN, type SortColumn, type SortPlan } from './sort-plan';

/** A row's position in the total order: the value of every sort column it fills (others absent). */
export type Position = Readonly<Record<string, unknown>>;

let counter = 0;

/**
 * The condition a branch's rows must meet to come after `position` in the total order (or at it, when
 * inclusive). It is the lexicographic comparison written out: for each column, "all earlier columns
 * equal and this one after", NULLs placed as the ORDER BY places them. `#` is a constant per branch,
 * so it folds: branches before the position's builder drop out (false), branches after it need only
 * the order keys, and the tie-breaking primary key is compared only in the position's own builder.
 */
export function seekCondition(
  m: Materialized,
  plan: SortPlan,
  position: Position,
  inclusive: boolean,
): { sql: string; parameters: Record<string, unknown> } | boolean {
  const dialect = dialectOf(m.member.dataSource);
  const index = m.member.index;
  const own = plan.sources.get(index)!;
  const at = Number(position[INDEX_COLUMN]);
  const parameters: Record<string, unknown> = {};
  const param = (value: unknown, column?: ColumnMetadata) => {
    const name = `seq_seek_${++counter}`;
    parameters[name] = value;
    return dialect === 'postgres' && column
      ? `CAST(:${name} AS ${m.member.dataSource.driver.normalizeType(column)})`
      : `:${name}`;
  };

  const alternatives: string[] = [];
  const equalSoFar: string[] = [];
  for (const column of plan.columns) {
    if (column.name === INDEX_COLUMN) {
      const cmp = compareConstant(index, at, column);
      if (cmp > 0) {
        alternatives.push(all(equalSoFar));
        return finish(alternatives, parameters);
      }
      if (cmp < 0) return finish(alternatives, parameters);
      continue;
    }
    const source = own.get(column.name);
    if (!source) continue; // another builder's column: NULL here, and in the position's row too when it gets this far
    const value = position[column.name];
    const typed = source.kind === 'index' ? undefined : source.column;
    const expr = sourceSql(m, source);
    const nullsFirst = column.nulls
      ? column.nulls === 'NULLS FIRST'
      : (dialect === 'postgres') === (column.order === 'DESC');
    const isNull = value === null || value === undefined;
    const after = isNull
      ? nullsFirst
        ? `${expr} IS NOT NULL`
        : null
      : `(${expr} ${column.order === 'ASC' ? '>' : '<'} ${param(value, typed)}${nullsFirst ? '' : ` OR ${expr} IS NULL`})`;
    if (after) alternatives.push(all([...equalSoFar, after]));
    equalSoFar.push(isNull ? `${expr} IS NULL` : `${expr} = ${param(value, typed)}`);
  }
  if (inclusive) alternatives.push(all(equalSoFar));
  return finish(alternatives, parameters);
}

function compareConstant(index: number, at: number, column: SortColumn): number {
  const cmp = Math.sign(index - at);
  return column.order === 'ASC' ? cmp : -cmp;
}

function all(parts: string[]): string {
  return parts.length === 0 ? '1=1' : parts.map((p) => `(${p})`).join(' AND ');
}

function finish(alternatives: string[], parameters: Record<string, unknown>) {
  if (alternatives.length === 0) return false;
  if (alternatives.includes('1=1')) return true;
  return { sql: `(${alternatives.map((a) => `(${a})`).join(' OR ')})`, parameters };
}

/** Date and time values are carried as the database's own text, so no precision is lost (PostgreSQL's µs). */
export function needsTextValue(column: ColumnMetadata | undefined): boolean {
  return !!column && columnFamily(column) === 'date';
}
