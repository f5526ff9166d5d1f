/**
 * The stream() measurement of bench/run.ts, in a process of its own: V8 lets garbage pile up to limits
 * it derives from the heap's history, so a stream measured after the big getMany() loads of another
 * dialect would report their leftovers. run.ts starts this with the dialect and the row count; the
 * database is already seeded (and the run lock held by the parent). Prints one JSON line.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { sequenceIndexOf, sequenceOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import type { DialectName } from '../spec/support/dialects';
import { entityLabel, RawQueries, rawLabel } from './baselines';
import { benchOptions, StatementCounter } from './config';
import { drain, retainedHeap, type Throughput } from './measure';

export interface StreamResult {
  stream: Throughput;
  streamLarge: Throughput;
  /** Hand-written keyset batches of the same size on the raw driver, rows not hydrated (the floor). */
  floor: Throughput;
  /** Whether the floor gave exactly the stream's rows in the stream's order (checked untimed). */
  floorSameOrder: boolean;
  retainedMB: number;
  statementsPerBatch: number;
  /** stream({ mode: 'cursor' }) with the same batch size: one statement read through the driver's cursor. */
  cursorStream: Throughput;
  cursorRetainedMB: number;
  /** Statements the whole cursor stream ran (1: every entity column carried). */
  cursorStatements: number;
  /** Whether the cursor stream gave exactly the keyset stream's rows in its order (checked untimed). */
  cursorSameOrder: boolean;
}

/** A digest of the labels of an ordered run of rows: equal digests, equal rows in equal order. */
async function orderDigest<T>(rows: AsyncIterable<T>, label: (row: T) => string): Promise<string> {
  const hash = createHash('sha256');
  for await (const row of rows) hash.update(`${label(row)}\n`);
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const [dialect, batchArg, capArg] = process.argv.slice(2);
  const batch = Number(batchArg);
  const capMs = Number(capArg);
  const logger = new StatementCounter();
  const ds = new DataSource(benchOptions(dialect as DialectName, logger));
  await ds.initialize();
  try {
    const seq = sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC');
    await drain(seq.take(5 * batch).stream({ batchSize: batch }), batch, capMs); // warm-up
    logger.count = 0;
    const stream = await drain(seq.stream({ batchSize: batch }), batch, capMs);
    const statementsPerBatch = Math.round((logger.count / Math.ceil(stream.rows / batch)) * 100) / 100;
    const streamLarge = await drain(seq.stream({ batchSize: 10 * batch }), 10 * batch, capMs);
    const raw = new RawQueries(ds, dialect as DialectName);
    await drain(raw.keysetBatches(batch), batch, Math.min(capMs, 2000)); // warm-up
    const floor = await drain(raw.keysetBatches(batch), batch, capMs);
    const floorSameOrder =
      (await orderDigest(raw.keysetBatches(batch), rawLabel)) ===
      (await orderDigest(seq.stream({ batchSize: batch }), (e) => entityLabel(e, sequenceIndexOf(e)!)));
    const retainedMB = await retainedHeap(seq.stream({ batchSize: batch }), 60_000);
    const cursorMode = () => seq.stream({ batchSize: batch, mode: 'cursor' });
    await drain(seq.take(5 * batch).stream({ batchSize: batch, mode: 'cursor' }), batch, capMs); // warm-up
    logger.count = 0;
    const cursorStream = await drain(cursorMode(), batch, capMs);
    const cursorStatements = logger.count;
    const cursorRetainedMB = await retainedHeap(cursorMode(), 60_000);
    const entityOrder = (e: object) => entityLabel(e, sequenceIndexOf(e)!);
    const cursorSameOrder =
      (await orderDigest(cursorMode(), entityOrder)) ===
      (await orderDigest(seq.stream({ batchSize: batch }), entityOrder));
    const result: StreamResult = {
      stream,
      streamLarge,
      floor,
      floorSameOrder,
      retainedMB,
      statementsPerBatch,
      cursorStream,
      cursorRetainedMB,
      cursorStatements,
      cursorSameOrder,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
