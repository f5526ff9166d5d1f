import { dialectOf } from '../dialect/dialect';
import { openRowCursor, READS_BESIDE_CURSOR, type CursorRow, type RowCursor } from '../dialect/row-cursor';
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
import { markSequenceIndex } from '../model/sequence-index';
import type { CarriedReader } from '../planning/carry-layout';
import { INDEX_COLUMN } from '../planning/sort-plan';

/** One DataSource's part of a cursor stream: its statement and what its rows carry. */
interface CursorSource {
  readonly group: readonly Materialized[];
  readonly statement: KeyStatement;
  readonly carried: Carried;
}

/**
 * stream({ mode: 'cursor' }): per DataSource one statement, the key query of the whole sequence (its
 * ORDER BY, no LIMIT unless take() set one) carrying every entity column it can, read through the driver's
 * cursor `batchSize` rows at a time (one DataSource: the next batch on its way while one hydrates) and
 * hydrated a batch at a time. Several DataSources: one cursor each, their rows merged in order. Each
 * cursor's QueryRunner is held from the first row to the end of the iteration (its end, a `break`, or an
 * error) and released then. Checked before any SQL: builders whose rows must be loaded by more statements
 * cannot be on a caller's transaction when its connection is busy with the cursor.
 */
export function cursorRows<T>(
  plan: SequencePlan,
  state: SequenceState,
  batchSize: number,
): AsyncIterableIterator<T> {
  if (state.take === 0) return oneByOne(entityBatches<T>(plan, [], 0, 0, batchSize));
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
  return oneByOne(
    entityBatches<T>(
      plan,
      sources,
      several ? (state.skip ?? 0) : 0,
      several ? state.take : undefined,
      batchSize,
    ),
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

/** The entities of the cursors' rows, a read at a time (the caller's iterator hands them out one by one). */
async function* entityBatches<T>(
  plan: SequencePlan,
  sources: readonly CursorSource[],
  skip: number,
  take: number | undefined,
  batchSize: number,
): AsyncGenerator<T[]> {
  if (sources.length === 0 || take === 0) return;
  const held: HeldRunner[] = [];
  const cursors: RowCursor[] = [];
  const inFlight = new Set<Promise<unknown>>();
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
    let batches: AsyncGenerator<unknown[]>;
    let entitiesOf: (rows: any[]) => Promise<object[]> | object[];
    if (sources.length === 1) {
      const cursor = cursors[0];
      let arrays: CarriedArrays | undefined;
      batches = readAhead(cursor, batchSize, inFlight);
      entitiesOf = (rows: CursorRow[]) => {
        arrays ??= new CarriedArrays(cursor.columns(), carried);
        return arrays.entities(rows) ?? hydrate(keyRowsOf(rows, cursor.columns()), plan, carried);
      };
    } else {
      batches = merged(cursors, plan, batchSize, inFlight);
      entitiesOf = (rows: KeyRow[]) => hydrate(rows, plan, carried);
    }
    let skipped = 0;
    let emitted = 0;
    for await (let rows of batches) {
      if (skipped < skip) {
        const dropped = Math.min(skip - skipped, rows.length);
        skipped += dropped;
        rows = rows.slice(dropped);
      }
      if (take !== undefined && rows.length > take - emitted) rows = rows.slice(0, take - emitted);
      if (rows.length === 0) continue;
      emitted += rows.length;
      yield (await entitiesOf(rows)) as T[];
      if (take !== undefined && emitted >= take) return;
    }
  } finally {
    // A read started ahead finishes (or fails, unheard) before its cursor closes.
    await Promise.allSettled(inFlight);
    await closeAll(cursors, held);
  }
}

/** Key rows (objects by column name) of a cursor's rows, for hydrate() and the merge. */
function keyRowsOf(rows: readonly CursorRow[], columns: readonly string[]): KeyRow[] {
  return rows.map((values) => {
    const row: KeyRow = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]] = values[c];
    return row;
  });
}

/**
 * Entities straight from a cursor's rows (arrays of values) when every row's builder is carried: TypeORM's
 * raw rows built from the values (no key-row object, no hydrate() bookkeeping: maps from rows to entities,
 * pairs), hydrated per builder, marked with its `#`, in row order, the rows TypeORM drops left out, as
 * hydrate() gives them.
 */
class CarriedArrays {
  private readonly indexAt: number;
  /** Per builder `#`: its reader and, per TypeORM field, the position of the value in a row. */
  private readonly readers = new Map<number, { reader: CarriedReader; keys: string[]; at: number[] }>();

  constructor(columns: readonly string[], carried: Carried) {
    this.indexAt = columns.indexOf(INDEX_COLUMN);
    for (const [index, reader] of carried) {
      // Entities that go to load listeners are broadcast by hydrate().
      if (reader.broadcast) continue;
      const at = reader.fields.map((field) => columns.indexOf(field.from));
      if (at.includes(-1)) continue;
      this.readers.set(index, { reader, keys: reader.fields.map((field) => field.key), at });
    }
  }

  /** The rows' entities; undefined when a row's builder is not carried here (hydrate() then loads them). */
  entities(rows: readonly CursorRow[]): object[] | undefined {
    if (this.indexAt < 0) return undefined;
    const parts = new Map<number, { rows: CursorRow[]; at: number[] }>();
    for (let r = 0; r < rows.length; r++) {
      const index = Number(rows[r][this.indexAt]);
      const part = parts.get(index);
      if (part) {
        part.rows.push(rows[r]);
        part.at.push(r);
      } else parts.set(index, { rows: [rows[r]], at: [r] });
    }
    for (const index of parts.keys()) if (!this.readers.has(index)) return undefined;
    const entities: (object | undefined)[] = new Array(rows.length);
    for (const [index, part] of parts) {
      const own = this.readers.get(index)!;
      const hydrated = own.reader.hydrate(this.raws(own, part.rows));
      for (let i = 0; i < hydrated.length; i++) entities[part.at[i]] = hydrated[i];
    }
    const out: object[] = [];
    for (let r = 0; r < rows.length; r++) {
      const entity = entities[r];
      if (entity === undefined) continue;
      markSequenceIndex(entity, Number(rows[r][this.indexAt]));
      out.push(entity);
    }
    return out;
  }

  /** TypeORM's raw rows: the carried values under the names getMany() gives them. */
  private raws(own: { keys: string[]; at: number[] }, rows: readonly CursorRow[]): Record<string, unknown>[] {
    const { keys, at } = own;
    const raws = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r];
      const raw: Record<string, unknown> = {};
      for (let f = 0; f < keys.length; f++) raw[keys[f]] = values[at[f]];
      raws[r] = raw;
    }
    return raws;
  }
}

/**
 * Starts a read and tracks it until it settles; a failure is heard by whoever awaits it (or nobody, when
 * the stream ended first), never as an unhandled rejection.
 */
function track<T>(read: Promise<T>, inFlight: Set<Promise<unknown>>): Promise<T> {
  inFlight.add(read);
  read.then(
    () => inFlight.delete(read),
    () => inFlight.delete(read),
  );
  return read;
}

/** A cursor's rows, `count` at a time, the next read on its way while the caller hydrates the last. */
async function* readAhead(
  cursor: RowCursor,
  count: number,
  inFlight: Set<Promise<unknown>>,
): AsyncGenerator<CursorRow[]> {
  let next = track(cursor.read(count), inFlight);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    if (rows.length === count) next = track(cursor.read(count), inFlight);
    else next = Promise.resolve([] as CursorRow[]);
    yield rows;
  }
}

/**
 * The entities of `batches` one at a time, without a promise chain per entity: next() answers from the
 * batch in hand at once, and asks `batches` for the next only when it is used up. Calls made before the
 * last settled wait their turn; return() and throw() go to `batches` (its `finally` closes the cursors).
 */
function oneByOne<T>(batches: AsyncGenerator<T[]>): AsyncIterableIterator<T> {
  let batch: T[] = [];
  let at = 0;
  let finished = false;
  let queue: Promise<unknown> | undefined;
  const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const inTurn = <R>(step: () => Promise<R>): Promise<R> => {
    const run = queue ? queue.then(step, step) : step();
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queue = settled;
    void settled.then(() => {
      if (queue === settled) queue = undefined;
    });
    return run;
  };
  const refill = async (): Promise<IteratorResult<T>> => {
    while (at >= batch.length) {
      if (finished) return DONE;
      let result: IteratorResult<T[]>;
      try {
        result = await batches.next();
      } catch (error) {
        finished = true;
        throw error;
      }
      if (result.done) {
        finished = true;
        batch = [];
        at = 0;
        return DONE;
      }
      batch = result.value;
      at = 0;
    }
    return { value: batch[at++], done: false };
  };
  const end = async (run: () => Promise<IteratorResult<T[]>>): Promise<IteratorResult<T>> => {
    batch = [];
    at = 0;
    const wasFinished = finished;
    finished = true;
    if (!wasFinished) await run();
    return DONE;
  };
  return {
    next() {
      if (queue === undefined && at < batch.length) {
        return Promise.resolve({ value: batch[at++], done: false });
      }
      return inTurn(refill);
    },
    return() {
      return inTurn(() => end(() => batches.return(undefined)));
    },
    throw(error?: unknown) {
      return inTurn(async () => {
        await end(() => batches.throw(error));
        throw error;
      });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Closes every cursor and releases every runner, whatever fails first; then rejects with a close's failure. */
async function closeAll(cursors: readonly RowCursor[], held: readonly HeldRunner[]): Promise<void> {
  const closing = await Promise.allSettled(cursors.map((cursor) => cursor.close()));
  await Promise.allSettled(held.map((runner) => runner.release()));
  const failed = closing.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The cursors' rows in the sequence's order (each database sorted its own), `batchSize` at a time. */
async function* merged(
  cursors: readonly RowCursor[],
  plan: SequencePlan,
  batchSize: number,
  inFlight: Set<Promise<unknown>>,
): AsyncGenerator<KeyRow[]> {
  const compare = keyRowOrder(plan.sort, commonDialect(plan));
  const buffers: KeyRow[][] = cursors.map(() => []);
  const positions = cursors.map(() => 0);
  const ended = cursors.map(() => false);
  const refill = async (i: number) => {
    if (ended[i] || positions[i] < buffers[i].length) return;
    buffers[i] = keyRowsOf(await track(cursors[i].read(batchSize), inFlight), cursors[i].columns());
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
