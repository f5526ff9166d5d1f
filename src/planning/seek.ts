import { dialectOf, type SqlDialect } from '../dialect/dialect';
import type { SortSource } from '../model/member-sort-key';
import { sourceSql } from './branch-sql';
import { comparedSql, type KeyType } from './key-type';
import type { Materialized } from './materialize';
import { INDEX_COLUMN, type SortColumn, type SortPlan } from './sort-plan';

/** A row's position in the total order: the value of every sort column it fills (others absent). */
export type Position = Readonly<Record<string, unknown>>;

let counter = 0;

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
  materialized: Materialized,
  plan: SortPlan,
  position: Position,
  inclusive: boolean,
): Seek | boolean {
  const dialect = dialectOf(materialized.member.dataSource);
  const index = materialized.member.index;
  const own = plan.sources.get(index)!;
  const at = Number(position[INDEX_COLUMN]);
  const parameters: Record<string, unknown> = {};
  // Values and positions are compared in the key's comparison type (key-type.ts), as the key query orders.
  const types = plan.keyTypes.get(index);
  const param = (value: unknown, cast?: string) => {
    const name = `seq_seek_${++counter}`;
    parameters[name] = value;
    return cast ? `CAST(:${name} AS ${cast})` : `:${name}`;
  };

  const progress: SeekProgress = { alternatives: [], equalSoFar: [], part: 'any' };
  for (const column of plan.columns) {
    if (column.name === INDEX_COLUMN) {
      if (!passIndex(progress, compareConstant(index, at, column))) return toSeek(progress, parameters);
      continue;
    }
    const source = own.get(column.name);
    if (!source) continue; // another builder's column: NULL here, and in the position's row too when it gets this far
    const type = types?.get(column.name);
    const key = seekKey(dialect, column, sourceSql(materialized, source), source, type);
    const value = position[column.name];
    if (value === null || value === undefined) {
      if (!passNullKey(progress, key)) return toSeek(progress, parameters);
    } else {
      passValueKey(progress, key, param(value, column.labels ? undefined : type?.param));
    }
  }
  if (inclusive) progress.alternatives.push({ part: progress.part, sql: all(progress.equalSoFar) });
  return toSeek(progress, parameters);
}

/** The part an alternative belongs to: 'value' (first key not NULL), 'null', or 'any' (the whole branch). */
type PartKind = 'value' | 'null' | 'any';

interface Alternative {
  readonly part: PartKind;
  readonly sql: string;
}

/** A sort column of the branch as the seek compares it. */
interface SeekKey {
  readonly name: string;
  /** The value as the key query orders it (key-type.ts `comparedSql`). */
  readonly expr: string;
  readonly nullable: boolean;
  /** Whether NULLs come before values in this key's order. */
  readonly nullsFirst: boolean;
  /** The comparison that puts a row after a value in this key's order. */
  readonly after: '>' | '<';
}

/** A sort column as the seek compares it in a branch that fills it from `source` (`sql` in the branch). */
function seekKey(
  dialect: SqlDialect,
  column: SortColumn,
  sql: string,
  source: SortSource,
  type: KeyType | undefined,
): SeekKey {
  return {
    name: column.name,
    // An enum sorted by declaration compares ordinals, exactly as the key query orders (bound as numbers).
    expr: comparedSql(dialect, column.labels, sql, type),
    nullable: !(source.kind === 'column' && source.joinPath === '' && !source.column.isNullable),
    nullsFirst: dialect.nullsSortFirst(column.order, column.nulls),
    after: column.order === 'ASC' ? '>' : '<',
  };
}

/**
 * The seek written so far, column by column: the alternatives found, each tagged with its part; the
 * equalities that lead on to the next column; the part decided by the first key, its range bound.
 */
interface SeekProgress {
  readonly alternatives: Alternative[];
  readonly equalSoFar: string[];
  part: PartKind;
  bound?: string;
  firstKey?: string;
}

/**
 * `#` is a constant in a branch: a builder after the position's one comes after it whole (what is equal so
 * far), a builder before it not at all. True when the seek goes on (the position's own builder).
 */
function passIndex(progress: SeekProgress, comparison: number): boolean {
  if (comparison > 0) progress.alternatives.push({ part: progress.part, sql: all(progress.equalSoFar) });
  return comparison === 0;
}

/** Whether `key` is the first order key of the seek (it names the parts); noted when it is. */
function startKey(progress: SeekProgress, key: SeekKey): boolean {
  const first = progress.part === 'any';
  if (first) progress.firstKey = key.name;
  return first;
}

/**
 * A key whose value in the position is NULL: every value comes after a NULL placed first; rows go on to
 * the next key where this one is NULL too. False when nothing can (a NOT NULL column): the seek ends.
 */
function passNullKey(progress: SeekProgress, key: SeekKey): boolean {
  const first = startKey(progress, key);
  // Every value sorts after a NULL placed first: in a NOT NULL column, every row of the branch does.
  const notNull = key.nullable ? [`${key.expr} IS NOT NULL`] : [];
  if (key.nullsFirst)
    progress.alternatives.push({
      part: first ? 'value' : progress.part,
      sql: all([...progress.equalSoFar, ...notNull]),
    });
  if (!key.nullable) return false; // nothing equals NULL in a NOT NULL column
  progress.equalSoFar.push(`${key.expr} IS NULL`);
  if (first) progress.part = 'null';
  return true;
}

/**
 * A key whose value in the position is `placeholder`'s: rows after the value, NULLs placed last, and rows
 * equal to it going on to the next key. The first such key gives the value part its range bound.
 */
function passValueKey(progress: SeekProgress, key: SeekKey, placeholder: string): void {
  const first = startKey(progress, key);
  const { expr, after } = key;
  progress.alternatives.push({
    part: first ? 'value' : progress.part,
    sql: all([...progress.equalSoFar, `${expr} ${after} ${placeholder}`]),
  });
  if (!key.nullsFirst && key.nullable)
    progress.alternatives.push({
      part: first ? 'null' : progress.part,
      sql: all([...progress.equalSoFar, `${expr} IS NULL`]),
    });
  progress.equalSoFar.push(`${expr} = ${placeholder}`);
  if (first) {
    progress.part = 'value';
    progress.bound = `${expr} ${after}= ${placeholder}`;
  }
}

/** The alternatives as up to two disjoint parts (value, null); true for every row, false for none. */
function toSeek(
  { alternatives, bound, firstKey }: SeekProgress,
  parameters: Record<string, unknown>,
): Seek | boolean {
  if (alternatives.length === 0) return false;
  if (alternatives.some((a) => a.sql === '1=1')) return true;
  const or = (list: readonly Alternative[]) => list.map((a) => `(${a.sql})`).join(' OR ');
  const values = alternatives.filter((a) => a.part !== 'null');
  const nulls = alternatives.filter((a) => a.part === 'null');
  const parts: SeekPart[] = [];
  if (values.length)
    parts.push({ kind: 'value', sql: bound ? `(${bound} AND (${or(values)}))` : `(${or(values)})` });
  if (nulls.length) parts.push({ kind: 'null', sql: `(${or(nulls)})`, nullKey: firstKey });
  return { parts, parameters };
}

/** How a branch's constant `#` compares with the position's, in the column's order. */
function compareConstant(index: number, at: number, column: SortColumn): number {
  const cmp = Math.sign(index - at);
  return column.order === 'ASC' ? cmp : -cmp;
}

/** Conditions joined by AND; `1=1` for none. */
function all(parts: string[]): string {
  return parts.length === 0 ? '1=1' : parts.map((p) => `(${p})`).join(' AND ');
}
