import { dialectOf, type SqlDialect } from '../dialect/dialect';
import type { SequencePlan } from '../planning/plan-sequence';
import { isEnumColumn } from '../metadata/column-family';
import { textKeyColumns, WEIGHT_SUFFIX } from '../planning/merge-keys';
import type { SortColumn, SortPlan } from '../planning/sort-plan';
import { mergeSorted } from '../util/heap';
import type { KeyRow } from './hydrate';

/**
 * Merges key rows that several statements each sorted (one per DataSource, or per builder with
 * strategy('per-builder')), up to `limit` rows: a binary heap over the lists' heads, so a page costs
 * O(page · log lists) comparisons. Only heads of different lists are compared, and only on the shared
 * columns (the order keys, then `#`, which differs between lists), so rows of one list keep that
 * statement's order. Across lists, values compare as the database orders them where they all come from
 * one kind of database (`dialect`): NULLs where it puts them, text by the database's sort key where it
 * gives one (MariaDB/MySQL) else by code point (PostgreSQL's "C" and SQLite's binary collation), numbers
 * numerically, dates by time. Lists from different kinds of database put NULLs first unless placed.
 */
export function mergeKeyRows(
  lists: readonly (readonly KeyRow[])[],
  plan: SortPlan,
  dialect: SqlDialect | undefined,
  limit?: number,
): KeyRow[] {
  return mergeSorted(lists, keyRowOrder(plan, dialect), limit);
}

/**
 * How rows of different statements compare (negative when `a` comes first), as mergeKeyRows compares
 * the lists' heads: on the shared columns, as `dialect`'s database orders them (undefined: lists from
 * different kinds of database).
 */
export function keyRowOrder(
  plan: SortPlan,
  dialect: SqlDialect | undefined,
): (a: KeyRow, b: KeyRow) => number {
  const text = textKeyColumns(plan);
  const columns = plan.columns
    .filter((c) => c.shared)
    .map((column) => ({
      column,
      name: column.name,
      weight: column.name + WEIGHT_SUFFIX,
      text: text.has(column.name),
      ordinals: labelOrdinals(plan, column, dialect),
      nullsFirst:
        (dialect
          ? dialect.nullsSortFirst(column.order, column.nulls)
          : column.nulls
            ? column.nulls === 'NULLS FIRST'
            : column.order === 'ASC') ===
        (column.order === 'ASC'),
    }));
  return (a, b) => {
    for (const c of columns) {
      const result = compareValues(a, b, c);
      if (result !== 0) return result;
    }
    return 0;
  };
}

/**
 * The place of each label of an enum key the database sorts by declaration and the key query holds as the
 * label itself (a PostgreSQL enum type every builder shares; other enums hold the ordinal: `labels`).
 */
function labelOrdinals(
  plan: SortPlan,
  column: SortColumn,
  dialect: SqlDialect | undefined,
): ReadonlyMap<string, number> | undefined {
  if (column.labels || !dialect?.enumsSortByDeclaration) return undefined;
  const sources = [...plan.sources.values()].map((s) => s.get(column.name));
  const enums = sources.map((source) =>
    source && source.kind !== 'index' && isEnumColumn(source.column) ? source.column!.enum! : undefined,
  );
  if (enums.length === 0 || enums.some((labels) => labels === undefined)) return undefined;
  // checkOrderKey made sure every builder's enum has these labels, in this order
  return new Map(enums[0]!.map((label, i) => [String(label), i]));
}

/** The kind of database every group is on, if they are all one (their rows then merge by its rules). */
export function commonDialect(plan: SequencePlan): SqlDialect | undefined {
  const dialects = plan.groups.map((group) => dialectOf(group[0].member.dataSource));
  return dialects.every((d) => d.name === dialects[0].name) ? dialects[0] : undefined;
}

interface Compared {
  readonly column: SortColumn;
  readonly name: string;
  readonly weight: string;
  readonly text: boolean;
  /** NULL is smaller than any value (so first ascending, last descending). */
  readonly nullsFirst: boolean;
  /** An enum the database sorts by declaration whose key holds the label: each label's place. */
  readonly ordinals?: ReadonlyMap<string, number>;
}

function compareValues(rowA: KeyRow, rowB: KeyRow, c: Compared): number {
  const a = rowA[c.name];
  const b = rowB[c.name];
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  let result: number;
  if (aNull || bNull) {
    if (aNull && bNull) return 0;
    result = aNull === c.nullsFirst ? -1 : 1;
    // nullsFirst says where NULL sorts ascending; descending, it is on the other side.
    return c.column.order === 'ASC' ? result : -result;
  }
  if (c.ordinals) {
    result = (c.ordinals.get(String(a)) ?? 0) - (c.ordinals.get(String(b)) ?? 0);
  } else if (c.text) {
    const wa = rowA[c.weight];
    const wb = rowB[c.weight];
    result =
      Buffer.isBuffer(wa) && Buffer.isBuffer(wb)
        ? Buffer.compare(wa, wb)
        : compareCodePoints(String(a), String(b));
  } else if (isInteger(a) && isInteger(b)) {
    // 64-bit integers come as text (or bigint): compared exactly, not as doubles.
    const x = BigInt(a);
    const y = BigInt(b);
    result = x < y ? -1 : x > y ? 1 : 0;
  } else {
    const x = comparable(a);
    const y = comparable(b);
    result =
      typeof x === 'number' && typeof y === 'number'
        ? Math.sign(x - y)
        : compareCodePoints(String(x), String(y));
  }
  return c.column.order === 'ASC' ? result : -result;
}

/** Code point order (UTF-8 byte order), which JavaScript's `<` on strings (UTF-16 code units) is not. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const INTEGER = /^-?\d+$/;

function isInteger(value: unknown): value is string | bigint | number {
  return (
    typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && INTEGER.test(value))
  );
}

function comparable(value: unknown): number | string {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return String(value);
}
