import { dialectOf, nullsSortFirst } from '../dialect/dialect';
import { sourceSql } from './branch-sql';
import { comparedSql } from './key-type';
import type { Materialized } from './materialize';
import { INDEX_COLUMN, type SortColumn, type SortPlan } from './sort-plan';

/** A row's position in the total order: the value of every sort column it fills (others absent). */
export type Position = Readonly<Record<string, unknown>>;

/** One disjoint part of a seek: each becomes its own index-friendly branch of the key query. */
export interface Seek {
  readonly parts: readonly SeekPart[];
  readonly parameters: Record<string, unknown>;
}

export interface SeekPart {
  readonly kind: 'value' | 'null';
  readonly sql: string;
  /** The first key, in the part where it is NULL: a constant there, so ordering by it is moot. */
  readonly nullKey?: string;
}

/**
 * The condition a branch's rows must meet to come after `position` in the total order (or at it, when
 * inclusive). It is the lexicographic comparison written out: for each column, "all earlier columns
 * equal and this one after", NULLs placed as the ORDER BY places them. `#` is a constant per branch,
 * so it folds: branches before the position's builder drop out (false), branches after it need only
 * the order keys, and the tie-breaking primary key is compared only in the position's own builder.
 *
 * Written as one OR, no database serves it from an index. So it comes in up to two disjoint parts,
 * split on the first key: the rows where it is not NULL, led by a range bound (`k <= :v`) an index on
 * the key can seek to, and the rows where it is NULL. A NOT NULL column has no NULL part at all.
 */
export function seekCondition(
  m: Materialized,
  plan: SortPlan,
  position: Position,
  inclusive: boolean,
): Seek | boolean {
  const dialect = dialectOf(m.member.dataSource);
  const index = m.member.index;
  const own = plan.sources.get(index)!;
  const at = Number(position[INDEX_COLUMN]);
  const parameters: Record<string, unknown> = {};
  // Values and positions are compared in the key's comparison type (key-type.ts), as the key query orders.
  const types = plan.keyTypes.get(index);
  // Named by their place in this condition: the same position shape gives the same SQL text.
  const param = (value: unknown, cast?: string) => {
    const name = `seq_seek_${Object.keys(parameters).length}`;
    parameters[name] = value;
    return cast ? `CAST(:${name} AS ${cast})` : `:${name}`;
  };

  // Alternatives, each tagged with the part it belongs to: 'value' (first key not NULL), 'null', or
  // 'any' (decided before the first key: the whole branch).
  const alternatives: { part: 'value' | 'null' | 'any'; sql: string }[] = [];
  const equalSoFar: string[] = [];
  let part: 'value' | 'null' | 'any' = 'any';
  let bound: string | undefined;
  let firstKey: string | undefined;
  const finish = () => toSeek(alternatives, bound, firstKey, parameters);
  for (const column of plan.columns) {
    if (column.name === INDEX_COLUMN) {
      const cmp = compareConstant(index, at, column);
      if (cmp > 0) alternatives.push({ part, sql: all(equalSoFar) });
      if (cmp !== 0) return finish();
      continue;
    }
    const source = own.get(column.name);
    if (!source) continue; // another builder's column: NULL here, and in the position's row too when it gets this far
    const value = position[column.name];
    // An enum sorted by declaration compares ordinals, exactly as the key query orders (bound as numbers).
    const type = types?.get(column.name);
    const expr = comparedSql(dialect, column.labels, sourceSql(m, source), type);
    const nullable = !(source.kind === 'column' && source.joinPath === '' && !source.column.isNullable);
    const nullsFirst = nullsSortFirst(dialect, column.order, column.nulls);
    const first = part === 'any';
    if (first) firstKey = column.name;
    const isNull = value === null || value === undefined;
    if (isNull) {
      // Every value sorts after a NULL placed first: in a NOT NULL column, every row of the branch does.
      const notNull = nullable ? [`${expr} IS NOT NULL`] : [];
      if (nullsFirst)
        alternatives.push({ part: first ? 'value' : part, sql: all([...equalSoFar, ...notNull]) });
      if (!nullable) return finish(); // nothing equals NULL in a NOT NULL column
      equalSoFar.push(`${expr} IS NULL`);
      if (first) part = 'null';
    } else {
      const v = param(value, column.labels ? undefined : type?.param);
      const op = column.order === 'ASC' ? '>' : '<';
      alternatives.push({ part: first ? 'value' : part, sql: all([...equalSoFar, `${expr} ${op} ${v}`]) });
      if (!nullsFirst && nullable)
        alternatives.push({ part: first ? 'null' : part, sql: all([...equalSoFar, `${expr} IS NULL`]) });
      equalSoFar.push(`${expr} = ${v}`);
      if (first) {
        part = 'value';
        bound = `${expr} ${op}= ${v}`;
      }
    }
  }
  if (inclusive) alternatives.push({ part, sql: all(equalSoFar) });
  return finish();
}

function toSeek(
  alternatives: readonly { part: 'value' | 'null' | 'any'; sql: string }[],
  bound: string | undefined,
  firstKey: string | undefined,
  parameters: Record<string, unknown>,
): Seek | boolean {
  if (alternatives.length === 0) return false;
  if (alternatives.some((a) => a.sql === '1=1')) return true;
  const or = (list: typeof alternatives) => list.map((a) => `(${a.sql})`).join(' OR ');
  const values = alternatives.filter((a) => a.part !== 'null');
  const nulls = alternatives.filter((a) => a.part === 'null');
  const parts: SeekPart[] = [];
  if (values.length)
    parts.push({ kind: 'value', sql: bound ? `(${bound} AND (${or(values)}))` : `(${or(values)})` });
  if (nulls.length) parts.push({ kind: 'null', sql: `(${or(nulls)})`, nullKey: firstKey });
  return { parts, parameters };
}

function compareConstant(index: number, at: number, column: SortColumn): number {
  const cmp = Math.sign(index - at);
  return column.order === 'ASC' ? cmp : -cmp;
}

function all(parts: string[]): string {
  return parts.length === 0 ? '1=1' : parts.map((p) => `(${p})`).join(' AND ');
}
