import { dialectOf } from '../dialect/dialect';
import { openRowCursor, READS_BESIDE_CURSOR, type RowCursor } from '../dialect/row-cursor';
import { UnsupportedOperationError } from '../errors';
import type { SequenceState } from '../model/sequence-state';
import { keyQuery, type KeyStatement } from '../planning/key-query';
import { bindParameters } from '../planning/parameter-binding';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { holdReadRunner, queryRunnerOf, type HeldRunner } from '../typeorm/internals';
import { hydrate, type Carried, type KeyRow } from './hydrate';
import { carryLayoutOf } from './load-page';
import { commonDialect, keyRowOrder } from './merge-key-rows';

/** One DataSource's part of a cursor stream: its statement and what its rows carry. */
interface CursorSource {
  readonly group: readonly Materialized[];
  readonly statement: KeyStatement;
  readonly carried: Carried;
}

/**
 * stream({ mode: 'cursor' }): per DataSource one statement, the key query of the whole sequence (its
 * ORDER BY, no LIMIT unless take() set one) carrying every entity column it can, read through the driver's
 * cursor `batchSize` rows at a time and hydrated a batch at a time. Several DataSources: one cursor each,
 * their rows merged in order. Each cursor's QueryRunner is held from the first row to the end of the
 * iteration (its end, a `break`, or an error) and released then. Checked before any SQL: builders whose
 * rows must be loaded by more statements cannot be on a caller's transaction when its connection is busy
 * with the cursor.
 */
export function cursorRows<T>(
  plan: SequencePlan,
  state: SequenceState,
  batchSize: number,
): AsyncGenerator<T> {
  if (state.take === 0) return readCursors(plan, [], 0, 0, batchSize);
  const several = plan.groups.length > 1;
  const page = several
    ? { take: state.take === undefined ? undefined : (state.skip ?? 0) + state.take }
    : { skip: state.skip, take: state.take };
  const sources: CursorSource[] = [];
  for (const group of plan.groups) {
    const layout = carryLayoutOf(group, plan);
    refuseBlockedLoads(group, layout.readers);
    const statement = keyQuery(group, plan.sort, page, { carry: layout, orderedBranches: true });
    if (statement) sources.push({ group, statement, carried: layout.readers });
  }
  return readCursors(
    plan,
    sources,
    several ? (state.skip ?? 0) : 0,
    several ? state.take : undefined,
    batchSize,
  );
}

function refuseBlockedLoads(group: readonly Materialized[], carried: Carried): void {
  const builder = group[0].member.builder;
  if (READS_BESIDE_CURSOR[dialectOf(group[0].member.dataSource).name] || !queryRunnerOf(builder)) return;
  const loaded = group.find((m) => !carried.has(m.member.index));
  if (!loaded) return;
  throw new UnsupportedOperationError(
    `stream({ mode: 'cursor' }): builder #${loaded.member.index} (${loaded.member.metadata.name}) loads its ` +
      `entities with statements of their own (joins that repeat rows, @RelationId/@RelationCount, locks or ` +
      `columns a UNION cannot carry), and its builders run on a caller's QueryRunner, whose connection is busy ` +
      `with the cursor until the stream ends. Stream outside the transaction, or use mode 'keyset'.`,
  );
}

async function* readCursors(
  plan: SequencePlan,
  sources: readonly CursorSource[],
  skip: number,
  take: number | undefined,
  batchSize: number,
): AsyncGenerator<any> {
  if (sources.length === 0 || take === 0) return;
  const held: HeldRunner[] = [];
  const cursors: RowCursor[] = [];
  try {
    for (const source of sources) {
      const m = source.group[0];
      const runner = holdReadRunner(m.member.builder);
      held.push(runner);
      const { sql, parameters } = source.statement;
      cursors.push(
        await openRowCursor(
          m.member.dataSource,
          dialectOf(m.member.dataSource).name,
          runner.runner,
          sql,
          bindParameters(m.member.dataSource, parameters, plan.binding),
          {
            ahead: batchSize,
            disposable: runner.own,
          },
        ),
      );
    }
    const carried =
      sources.length === 1 ? sources[0].carried : new Map(sources.flatMap((s) => [...s.carried]));
    const batches =
      sources.length === 1 ? batchesOf(cursors[0], batchSize) : merged(cursors, plan, batchSize);
    let skipped = 0;
    let emitted = 0;
    for await (let rows of batches) {
      if (skipped < skip) {
        const dropped = Math.min(skip - skipped, rows.length);
        skipped += dropped;
        rows = rows.slice(dropped);
      }
      if (take !== undefined) rows = rows.slice(0, take - emitted);
      if (rows.length === 0) continue;
      emitted += rows.length;
      for (const entity of await hydrate(rows, plan, carried)) yield entity;
      if (take !== undefined && emitted >= take) return;
    }
  } finally {
    await closeAll(cursors, held);
  }
}

/** Closes every cursor and releases every runner, whatever fails first; then rejects with a close's failure. */
async function closeAll(cursors: readonly RowCursor[], held: readonly HeldRunner[]): Promise<void> {
  const closing = await Promise.allSettled(cursors.map((cursor) => cursor.close()));
  await Promise.allSettled(held.map((runner) => runner.release()));
  const failed = closing.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

async function* batchesOf(cursor: RowCursor, batchSize: number): AsyncGenerator<KeyRow[]> {
  for (;;) {
    const rows = await cursor.read(batchSize);
    if (rows.length === 0) return;
    yield rows;
  }
}

/** The cursors' rows in the sequence's order (each database sorted its own), `batchSize` at a time. */
async function* merged(
  cursors: readonly RowCursor[],
  plan: SequencePlan,
  batchSize: number,
): AsyncGenerator<KeyRow[]> {
  const compare = keyRowOrder(plan.sort, commonDialect(plan));
  const buffers: KeyRow[][] = cursors.map(() => []);
  const positions = cursors.map(() => 0);
  const ended = cursors.map(() => false);
  const refill = async (i: number) => {
    if (ended[i] || positions[i] < buffers[i].length) return;
    buffers[i] = await cursors[i].read(batchSize);
    positions[i] = 0;
    if (buffers[i].length === 0) ended[i] = true;
  };
  let batch: KeyRow[] = [];
  await Promise.all(cursors.map((_, i) => refill(i)));
  for (;;) {
    let best = -1;
    for (let i = 0; i < cursors.length; i++) {
      if (ended[i]) continue;
      if (best < 0 || compare(buffers[i][positions[i]], buffers[best][positions[best]]) < 0) best = i;
    }
    if (best < 0) break;
    batch.push(buffers[best][positions[best]++]);
    if (positions[best] >= buffers[best].length) await refill(best);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
