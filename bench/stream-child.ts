/**
 * The stream() measurement of bench/run.ts, in a process of its own: V8 lets garbage pile up to limits
 * it derives from the heap's history, so a stream measured after the big getMany() loads of another
 * dialect would report their leftovers. run.ts starts this with the dialect and the row count; the
 * database is already seeded (and the run lock held by the parent). Prints one JSON line.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { sequenceOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import type { DialectName } from '../spec/support/dialects';
import { benchOptions, StatementCounter } from './config';
import { drain, retainedHeap, type Throughput } from './measure';

export interface StreamResult {
  stream: Throughput;
  streamLarge: Throughput;
  retainedMB: number;
  statementsPerBatch: number;
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
    const retainedMB = await retainedHeap(seq.stream({ batchSize: batch }), 60_000);
    const result: StreamResult = { stream, streamLarge, retainedMB, statementsPerBatch };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
