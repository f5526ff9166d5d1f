/**
 * The scale scenarios of issue 15: the read strategies on one database (union vs per-builder), and the
 * same rows in one PostgreSQL database versus split over SHARDS databases (bench/seed.ts openShard).
 */
import type { DataSource } from 'typeorm';
import { SequenceQueryBuilder, sequenceIndexOf, type ReadStrategy } from '../src';
import type { DialectName } from '../spec/support/dialects';
import { entityLabel } from './baselines';
import { StatementCounter, TABLES } from './config';
import { drain, time, type Throughput, type Timing } from './measure';
import { openShard } from './seed';

export const SHARDS = 4;

/** Walks paginate() `depth` rows into the order and returns the cursor there. */
export async function cursorAt(seq: SequenceQueryBuilder<any>, depth: number): Promise<string> {
  let after: string | null = null;
  let walked = 0;
  while (walked < depth) {
    const page: Awaited<ReturnType<typeof seq.paginate>> = await seq.paginate({
      first: Math.min(10_000, depth - walked),
      after,
    });
    after = page.pageInfo.endCursor;
    walked += page.items.length;
    if (!page.pageInfo.hasNextPage) break;
  }
  return after!;
}

const labels = (entities: object[]) => entities.map((e) => entityLabel(e, sequenceIndexOf(e)!));

export interface StrategyResult {
  /** Timings under 'union' and 'per-builder'. */
  first: Record<ReadStrategy, Timing>;
  deepCursor: Record<ReadStrategy, Timing>;
  count: Record<ReadStrategy, Timing>;
  statements: Record<ReadStrategy, number>;
}

/**
 * union vs per-builder on one DataSource: the first page (take 20), a page after a cursor `depth` rows
 * deep, getCount(). Both strategies must give the same rows (else a mismatch is recorded).
 */
export async function benchStrategies(
  ds: DataSource,
  logger: StatementCounter,
  depth: number,
  reps: number,
  mismatches: string[],
): Promise<StrategyResult> {
  const base = SequenceQueryBuilder.from(
    ...TABLES.map(({ entity }) => ds.getRepository<any>(entity).createQueryBuilder('item')),
  ).orderBy('release', 'DESC');
  const after = await cursorAt(base, depth);
  const result = { first: {}, deepCursor: {}, count: {}, statements: {} } as StrategyResult;
  const answers: Record<string, string> = {};
  for (const strategy of ['union', 'per-builder'] as ReadStrategy[]) {
    const seq = base.strategy(strategy);
    const first = () => seq.take(20).getMany();
    const deep = () => seq.paginate({ first: 50, after });
    answers[strategy] = JSON.stringify([
      labels(await first()),
      labels((await deep()).items),
      await seq.getCount(),
    ]);
    result.first[strategy] = await time(reps, first);
    result.deepCursor[strategy] = await time(reps, deep);
    result.count[strategy] = await time(reps, () => seq.getCount());
    logger.count = 0;
    await first();
    result.statements[strategy] = logger.count;
  }
  if (answers.union !== answers['per-builder'])
    mismatches.push("strategy: 'per-builder' gave other rows than 'union'");
  return result;
}

export interface ShardedResult {
  shards: number;
  rowsPerTable: number;
  cursorDepth: number;
  /** One database (its sequence of 3 builders) vs the shards (3 × SHARDS builders) under each strategy. */
  first: { single: Timing; union: Timing; perBuilder: Timing };
  deepCursor: { single: Timing; union: Timing; perBuilder: Timing };
  count: { single: Timing; union: Timing; perBuilder: Timing };
  stream: { single: Throughput; union: Throughput };
  /** Key rows each shard returned for one page (first page of 20, the deep cursor page of 50). */
  rowsPerShard: { first: number[]; deepCursor: number[] };
  /** Statements per call on the shards, all shards together. */
  statements: { first: Record<ReadStrategy, number>; deepCursor: Record<ReadStrategy, number> };
}

/**
 * The sharded scenario: the benchmark's rows (the single database `single`, already seeded) split over
 * SHARDS databases of the same server, row i of each table on shard i % SHARDS with its id. The sharded
 * sequence has one builder per table and shard; its rows must be the single database's in that order.
 */
export async function benchSharded(
  single: DataSource,
  dialect: DialectName,
  rows: number,
  reps: number,
  cursorDepth: number,
  streamCapMs: number,
  mismatches: string[],
): Promise<ShardedResult> {
  const logger = new StatementCounter();
  const shards: DataSource[] = [];
  try {
    for (let s = 0; s < SHARDS; s++)
      shards.push(await openShard(dialect, rows, { shard: s, of: SHARDS }, logger));
    const singleSeq = SequenceQueryBuilder.from(
      ...TABLES.map(({ entity }) => single.getRepository<any>(entity).createQueryBuilder('item')),
    ).orderBy('release', 'DESC');
    const sharded = SequenceQueryBuilder.from(
      ...TABLES.flatMap(({ entity }) =>
        shards.map((shard) => shard.getRepository<any>(entity).createQueryBuilder('item')),
      ),
    ).orderBy('release', 'DESC');
    // Labels without `#`: a row is the same row on its shard as in the single database.
    const rowLabels = (entities: object[]) => entities.map((e: any) => `${e.constructor.name}:${e.id}`);
    const singleAfter = await cursorAt(singleSeq, cursorDepth);
    const shardedAfter = await cursorAt(sharded, cursorDepth);
    const compare = async (what: string, a: () => Promise<object[]>, b: () => Promise<object[]>) => {
      // Ties on release are broken by `#`, which the two number differently (3 builders vs 3 × SHARDS): the
      // rows must be the same per date, and the same dates, except the first and the last date's rows (a
      // cursor or the page's end can cut a date's ties at a different row in each order).
      const [x, y] = [await a(), await b()];
      const cut = new Set([String((x[0] as any)?.release), String((x[x.length - 1] as any)?.release)]);
      const key = (list: object[]) =>
        list
          .filter((e: any) => !cut.has(String(e.release)))
          .map((e: any) => `${String(e.release)} ${e.constructor.name}:${e.id}`)
          .sort()
          .join(',');
      if (x.length !== y.length || key(x) !== key(y))
        mismatches.push(
          `sharded ${what}: ${rowLabels(y).slice(0, 3)}… vs single ${rowLabels(x).slice(0, 3)}…`,
        );
    };
    await compare(
      'first page',
      () => singleSeq.take(20).getMany(),
      () => sharded.take(20).getMany(),
    );
    await compare(
      'deep cursor page',
      async () => (await singleSeq.paginate({ first: 50, after: singleAfter })).items,
      async () => (await sharded.strategy('per-builder').paginate({ first: 50, after: shardedAfter })).items,
    );
    for (const strategy of ['union', 'per-builder'] as ReadStrategy[]) {
      const one = sharded.strategy(strategy);
      if ((await one.getCount()) !== rows * TABLES.length)
        mismatches.push(`sharded getCount() (${strategy}) is not ${rows * TABLES.length}`);
    }

    const statements = { first: {}, deepCursor: {} } as ShardedResult['statements'];
    const measure = async (run: (seq: SequenceQueryBuilder<any>, after: string) => Promise<unknown>) => ({
      single: await time(reps, () => run(singleSeq, singleAfter)),
      union: await time(reps, () => run(sharded, shardedAfter)),
      perBuilder: await time(reps, () => run(sharded.strategy('per-builder'), shardedAfter)),
    });
    const first = await measure((seq) => seq.take(20).getMany());
    const deepCursor = await measure((seq, after) => seq.paginate({ first: 50, after }));
    const count = await measure((seq) => seq.getCount());
    for (const strategy of ['union', 'per-builder'] as ReadStrategy[]) {
      logger.count = 0;
      await sharded.strategy(strategy).take(20).getMany();
      statements.first[strategy] = logger.count;
      logger.count = 0;
      await sharded.strategy(strategy).paginate({ first: 50, after: shardedAfter });
      statements.deepCursor[strategy] = logger.count;
    }

    // Rows each shard returned for a page: its key statements run again on it, their rows counted.
    const rowsOf = async (run: () => Promise<unknown>): Promise<number[]> => {
      logger.recorded = [];
      await run();
      const recorded = logger.recorded;
      logger.recorded = null;
      const counts = shards.map(() => 0);
      for (const { sql, parameters } of recorded) {
        if (!sql.includes('seq_idx')) continue;
        // Each shard's statement is run again on every shard: only its own has the tables' rows it read.
        const owner = await ownerOf(shards, sql, parameters);
        counts[owner.shard] += owner.rows;
      }
      return counts;
    };
    const rowsPerShard = {
      first: await rowsOf(() => sharded.take(20).getMany()),
      deepCursor: await rowsOf(() => sharded.paginate({ first: 50, after: shardedAfter })),
    };

    const batch = 500;
    const stream = {
      single: await drain(singleSeq.stream({ batchSize: batch }), batch, streamCapMs),
      union: await drain(sharded.stream({ batchSize: batch }), batch, streamCapMs),
    };
    return {
      shards: SHARDS,
      rowsPerTable: rows,
      cursorDepth,
      first,
      deepCursor,
      count,
      stream,
      rowsPerShard,
      statements,
    };
  } finally {
    for (const shard of shards) await shard.destroy();
  }
}

/**
 * Which shard a logged key statement ran on and how many rows it returned there. The statement text is the
 * same on every shard (one builder per table and shard, `#` differs): the `#` constants in it name the
 * shard (builder # = table · SHARDS + shard).
 */
async function ownerOf(
  shards: readonly DataSource[],
  sql: string,
  parameters: unknown[],
): Promise<{ shard: number; rows: number }> {
  const index = Number(/\b(\d+) AS ["`]?seq_idx/.exec(sql)?.[1] ?? 0);
  const shard = index % SHARDS;
  const rows = await shards[shard].query(sql, parameters);
  return { shard, rows: rows.length };
}
