import type { SequenceState } from '../model/sequence-state';
import type { SequencePlan } from '../planning/plan-sequence';
import { positionOf } from '../planning/position';
import type { Position } from '../planning/seek';
import { hydrate } from './hydrate';
import { BranchLimits } from './branch-limits';
import { pageKeyRows } from './load-page';

/** How stream() reads: see {@link StreamOptions.mode}. */
export type StreamMode = 'keyset' | 'cursor';

/** The options of {@link SequenceQueryBuilder.stream | stream()}; no other key allowed. */
export interface StreamOptions {
  /** Rows per round trip (keyset) or per read from the cursor; memory stays bounded by it (default 500). */
  batchSize?: number;
  /**
   * `'keyset'` (default): one statement per batch, each continuing after the last row's position; no
   * connection is held between batches. `'cursor'`: one statement per DataSource read through the driver's
   * cursor (pg-cursor, mysql2's row stream, better-sqlite3's iterate()); faster, but it holds one connection
   * (and, on PostgreSQL and MariaDB, one snapshot) until the iteration ends.
   */
  mode?: StreamMode;
}

/** The keys StreamOptions has: any other is refused. */
export const STREAM_OPTIONS: readonly (keyof StreamOptions)[] = ['batchSize', 'mode'];

/** The values StreamOptions.mode takes. */
export const STREAM_MODES: readonly StreamMode[] = ['keyset', 'cursor'];

/**
 * Every row in order, `batchSize` at a time. Each batch continues from the last row's position (keyset
 * conditions in every builder's SQL), never by OFFSET, so batch 1000 costs what batch 1 costs and
 * rows are never skipped or repeated by concurrent inserts before the position.
 */
export async function* streamRows<T>(
  plan: SequencePlan,
  state: SequenceState,
  batchSize: number,
): AsyncGenerator<T> {
  if (plan.groups.length === 0 || state.take === 0) return;
  let position: Position | undefined;
  let skip = state.skip;
  let emitted = 0;
  const limits = new BranchLimits(batchSize);
  let deferring = true;
  for (;;) {
    const take = state.take === undefined ? batchSize : Math.min(batchSize, state.take - emitted);
    if (take <= 0) return;
    // Parts limited by what they gave before; a skip is paged by OFFSET once, so it needs every row.
    const adaptive = skip === undefined && plan.groups.length === 1;
    const page = await pageKeyRows(plan, skip, take, {
      positions: true,
      entities: true,
      after: position && { position },
      partLimits: adaptive ? limits.limitOf : undefined,
      deferLater: adaptive && deferring,
    });
    skip = undefined;
    const { rows, exhausted } = adaptive
      ? limits.validRows(page.rows, page.partOf!)
      : { rows: page.rows, exhausted: true };
    // No part that ran can give more: the end, or (parts deferred) time for those, from the same position.
    const ranOut = exhausted && page.rows.length < take;
    if (ranOut && page.deferred) deferring = false;
    if (rows.length > 0) {
      const entities = await hydrate<T>(rows, plan, page.carried);
      for (const entity of entities) yield entity;
      emitted += rows.length;
      position = positionOf(rows[rows.length - 1], plan.sort);
    }
    if (ranOut ? !page.deferred : rows.length === 0) return;
  }
}
