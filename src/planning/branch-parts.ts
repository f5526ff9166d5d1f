import type { SqlDialect } from '../dialect/dialect';
import type { Materialized } from './materialize';
import { INDEX_COLUMN, type SortPlan } from './sort-plan';
import type { Statement } from './statement';

/*
 * The parts of a key query's branches. After a position a builder's branch comes in up to two parts (its
 * first key NULL or not, see seek.ts); stream() limits each part by what it gave before
 * (execution/branch-limits.ts) and leaves out the parts that can only come later.
 */

/** A branch of the key query, and a sort column that is constant in it (NULL), if any. */
export interface BranchStatement extends Statement {
  readonly constant?: string;
  readonly part: 'all' | 'value' | 'null';
}

/** A branch part: the builder's `#` and which part of a seek it is ('all' without a seek). */
export const partKey = (index: number, kind: string) => `${index}:${kind}`;

/** The part a seek's value part continues: the same builder's branch before any seek. */
export const unseekedPart = (part: string) => part.replace(/:value$/, ':all');

/** A branch statement and the builder it belongs to. */
export type BuilderBranch = { readonly materialized: Materialized; readonly branch: BranchStatement };

/**
 * The seek parts that come first. A seek splits each builder on its first key: the rows where it is NULL
 * and the rows where it is not. When that key is the first of the whole order, one kind sorts after every
 * row of the other kind in every builder, so those parts can wait until the others run out: a stream's
 * NULL parts otherwise cost every batch a search and a sort, and give nothing until the end.
 */
export function earlierParts(
  built: readonly BuilderBranch[],
  plan: SortPlan,
  dialect: SqlDialect,
): readonly BuilderBranch[] {
  const first = plan.columns[0];
  if (!first?.shared || first.name === INDEX_COLUMN) return built;
  if (built.some(({ branch }) => branch.part === 'all')) return built;
  const later = dialect.nullsSortFirst(first.order, first.nulls) ? 'value' : 'null';
  const earlier = built.filter(({ branch }) => branch.part !== later);
  return earlier.length > 0 ? earlier : built;
}

/** Which part a row came from: a builder's only part, or (split on its first key) by whether that key is NULL. */
export function partReader(built: readonly { index: number; branch: BranchStatement }[]) {
  const kinds = new Map<number, string[]>();
  const firstKey = new Map<number, string>();
  for (const { index, branch } of built) {
    kinds.set(index, [...(kinds.get(index) ?? []), branch.part]);
    if (branch.constant) firstKey.set(index, branch.constant);
  }
  return (row: Readonly<Record<string, unknown>>): string => {
    const index = Number(row[INDEX_COLUMN]);
    const own = kinds.get(index)!;
    if (own.length === 1) return partKey(index, own[0]);
    const value = row[firstKey.get(index)!];
    return partKey(index, value === null || value === undefined ? 'null' : 'value');
  };
}
