import type { SequenceState } from '../model/sequence-state';
import { UnsupportedOperationError } from '../errors';

/**
 * Rows per builder: `takeEach(n)` keeps at most `each` rows of every builder (its first in the total
 * order); `interleave()` deals the rows out in rounds: round k holds the k-th row of every builder, in
 * the total order, and round k comes before round k + 1.
 */
export interface Quota {
  readonly each?: number;
  readonly interleave: boolean;
}

/** The sequence's quota, or undefined when it has none (the key query is then the plain one). */
export function quotaOf(state: SequenceState): Quota | undefined {
  if (state.takeEach === undefined && !state.interleaved) return undefined;
  return Object.freeze({ each: state.takeEach, interleave: !!state.interleaved });
}

/** A builder's count once its quota is applied. */
export function quotaCount(quota: Quota | undefined, count: number): number {
  return quota?.each === undefined ? count : Math.min(quota.each, count);
}

/** The column holding a row's round (its place in its builder's order, from 1) in an interleaved key query. */
export const ROUND_COLUMN = 'seq_round';

/** Refuses, before any SQL, a method that cannot honour takeEach()/interleave() exactly. */
export function refuseQuota(state: SequenceState, method: string, instead: string): void {
  const quota = quotaOf(state);
  if (!quota) return;
  const what = quota.interleave ? 'interleave()' : `takeEach(${quota.each})`;
  throw new UnsupportedOperationError(`${method} does not support a sequence with ${what}: ${instead}`);
}

/** A branch's LIMIT under the quota: the quota, or the page's own LIMIT when smaller. */
export function quotaLimit(quota: Quota | undefined, limit: number | undefined): number | undefined {
  if (quota?.each === undefined) return limit;
  return limit === undefined ? quota.each : Math.min(limit, quota.each);
}

/**
 * The key query of interleaved builders: each row's round is its place in its builder's order
 * (`ROW_NUMBER() OVER (PARTITION BY #)`, the order keys after `#`), and the rows come by round, then in the
 * total order. `orderBy(prefix, withIndex)` writes the total order's ORDER BY terms over the union's
 * column names.
 */
export function interleavedSql(
  escape: (name: string) => string,
  orderBy: (prefix: string, withIndex: boolean) => string,
  indexColumn: string,
  union: string,
  limit: string,
): string {
  const seq = escape('seq');
  const round = escape(ROUND_COLUMN);
  const ranked =
    `SELECT ${seq}.*, ROW_NUMBER() OVER (PARTITION BY ${seq}.${escape(indexColumn)} ` +
    `ORDER BY ${orderBy(`${seq}.`, false)}) AS ${round} FROM (${union}) ${seq}`;
  return `SELECT * FROM (${ranked}) ${seq} ORDER BY ${seq}.${round}, ${orderBy(`${seq}.`, true)}${limit}`;
}
