/**
 * The benchmark of issue 4: a sequence over Book, Article and BlogPost (BENCH_ROWS rows each, default
 * 100 000) against hand-written SQL and the ways an application does without the library, on SQLite
 * (bench/bench.sqlite) and, when reachable, PostgreSQL and MariaDB (`test` databases, under the test
 * run lock). Prints a table and PASS/MISS per target, and writes bench/RESULTS.md.
 *
 *   npm run bench                                   # all three dialects, 100 000 rows a table
 *   BENCH_ROWS=20000 BENCH_DIALECTS=sqlite npm run bench
 *   BENCH_REPS=7 BENCH_STREAM_SECONDS=120 npm run bench
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { sequenceOf, sequenceIndexOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import type { DialectName } from '../spec/support/dialects';
import { acquireRunLock, releaseRunLock } from '../spec/support/run-lock';
import {
  entityLabel,
  loadEverything,
  mergePage,
  naivePage,
  rawLabel,
  RawQueries,
  taggedLabel,
} from './baselines';
import { benchConfig, StatementCounter, type BenchConfig } from './config';
import { interleaved, loadAll, medianThroughput, time, type Throughput } from './measure';
import type { StreamResult } from './stream-child';
import { explainLines } from './explain';
import {
  machine,
  markdownTable,
  shardedRows,
  tableRows,
  targets,
  textTable,
  type DialectResult,
} from './report';
import { freshRows, freshTargets } from './report';
import { benchFreshPath, benchSmallTables, SMALL_ROWS } from './fresh';
import { openSeeded } from './seed';
import { benchSharded, benchStrategies, cursorAt } from './scale';
import { probeDialect } from '../spec/support/probe';

const STREAM_BATCH = 500;
/** Rounds of the interleaved sub-millisecond measurements of the reused sequence (first page, heads). */
const FAST_ROUNDS = 201;
const FAST_WARM = 50;
const STREAM_CAP_MS = Number(process.env.BENCH_STREAM_SECONDS ?? 90) * 1000;

/** stream() measured in a fresh process (see stream-child.ts), so the heap figures do not depend on run order. */
function streamInChild(dialect: DialectName): StreamResult {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      join(__dirname, 'stream-child.ts'),
      dialect,
      String(STREAM_BATCH),
      String(STREAM_CAP_MS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    throw new Error(`stream measurement failed (exit ${child.status}): ${child.stdout}`);
  }
  return JSON.parse(last) as StreamResult;
}

async function serverVersion(ds: DataSource, dialect: DialectName): Promise<string> {
  const sql = dialect === 'sqlite' ? 'SELECT sqlite_version() AS v' : 'SELECT version() AS v';
  const v = String((await ds.query(sql))[0].v);
  return dialect === 'sqlite' ? `SQLite ${v}` : dialect === 'postgres' ? v.split(' on ')[0] : `MariaDB ${v}`;
}

const labels = (entities: object[]) => entities.map((e) => entityLabel(e, sequenceIndexOf(e)!));

async function benchDialect(dialect: DialectName, config: BenchConfig): Promise<DialectResult> {
  const logger = new StatementCounter();
  const seedStarted = Date.now();
  const ds = await openSeeded(dialect, config.rows, logger);
  const seedNote = `${((Date.now() - seedStarted) / 1000).toFixed(1)} s to open/seed`;
  try {
    const raw = new RawQueries(ds, dialect);
    const reps = config.reps;
    const total = config.rows * 3;
    const deepSkip = Math.floor(total / 2);
    const cursorDepth = Math.floor(total / 3);
    const mismatches: string[] = [];
    const same = (what: string, got: string[], want: string[]) => {
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(
          `${what}: got ${got.slice(0, 3).join(',')}…, expected ${want.slice(0, 3).join(',')}…`,
        );
      }
    };
    const queries: Record<string, number> = {};
    const counted = async (name: string, run: () => Promise<unknown>) => {
      logger.count = 0;
      await run();
      queries[name] = logger.count;
    };
    const step = (what: string) => process.stderr.write(`  ${dialect}: ${what}\n`);
    const seq = sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC');

    step(`stream (batchSize ${STREAM_BATCH}, cap ${STREAM_CAP_MS / 1000} s) and getMany() of everything`);
    const {
      stream,
      streamLarge,
      floor: streamFloor,
      floorSameOrder,
      retainedMB,
      statementsPerBatch,
      cursorStream,
      cursorRetainedMB,
      cursorStatements: cursorStreamStatements,
      cursorSameOrder,
    } = streamInChild(dialect);
    queries['stream(): statements per batch of 500'] = statementsPerBatch;
    queries["stream({ mode: 'cursor' }): statements in all"] = cursorStreamStatements;
    if (!cursorStream.capped && cursorStream.rows !== total)
      mismatches.push(`cursor stream gave ${cursorStream.rows} rows, not ${total}`);
    if (!cursorSameOrder)
      mismatches.push('cursor stream: other rows or another order than the keyset stream');
    if (!stream.capped && stream.rows !== total)
      mismatches.push(`stream gave ${stream.rows} rows, not ${total}`);
    if (!floorSameOrder) mismatches.push('stream: the keyset floor gave other rows or another order');
    await loadAll(() => loadEverything(ds)); // warm-up
    const everythingRuns: Throughput[] = [];
    for (let i = 0; i < Math.min(3, reps); i++) everythingRuns.push(await loadAll(() => loadEverything(ds)));
    const everything = medianThroughput(everythingRuns);

    step('first page');
    const firstPage = () => seq.take(20).getMany();
    same('first page', labels(await firstPage()), (await raw.page('release', 'DESC', 0, 20)).map(rawLabel));
    same(
      'first page (branch LIMIT)',
      labels(await firstPage()),
      (await raw.pagePushed('release', 'DESC', 0, 20)).map(rawLabel),
    );
    // The sub-millisecond calls interleaved (measure.ts), so that their ratios compare calls made side by
    // side; the plain floor sorts whole tables (tens to hundreds of ms) and is timed on its own.
    const firstFast = await interleaved(
      {
        seq: firstPage,
        floorPushed: () => raw.pagePushed('release', 'DESC', 0, 20),
        single: () =>
          ds.getRepository(Book).createQueryBuilder('x').orderBy('x.release', 'DESC').take(20).getMany(),
      },
      FAST_ROUNDS,
      FAST_WARM,
    );
    const first = { ...firstFast, floorPlain: await time(reps, () => raw.page('release', 'DESC', 0, 20)) };
    await counted('sequence getMany() (one page)', firstPage);
    const firstPlanning = await time(reps, async () => seq.take(20).getQueries());

    step(`deep page (skip ${deepSkip})`);
    const deepPage = () => seq.skip(deepSkip).take(50).getMany();
    const deepLabels = labels(await deepPage());
    same('deep page', deepLabels, (await raw.page('release', 'DESC', deepSkip, 50)).map(rawLabel));
    same('deep page (naive)', (await naivePage(ds, dialect, deepSkip, 50)).map(taggedLabel), deepLabels);
    same('deep page (merge)', (await mergePage(ds, dialect, deepSkip, 50)).map(taggedLabel), deepLabels);
    const deep = {
      seq: await time(reps, deepPage),
      floorPlain: await time(reps, () => raw.page('release', 'DESC', deepSkip, 50)),
      floorPushed: await time(reps, () => raw.pagePushed('release', 'DESC', deepSkip, 50)),
      naive: await time(reps, () => naivePage(ds, dialect, deepSkip, 50)),
      merge: await time(reps, () => mergePage(ds, dialect, deepSkip, 50)),
    };
    await counted('naive: load all (per page)', () => naivePage(ds, dialect, deepSkip, 50));
    await counted('merge: per-entity take(skip+take) (per page)', () => mergePage(ds, dialect, deepSkip, 50));

    step('count');
    const typeormCounts = async () =>
      (
        await Promise.all(
          [Book, Article, BlogPost].map((e) => ds.getRepository<any>(e).createQueryBuilder('x').getCount()),
        )
      ).reduce((a, b) => a + b, 0);
    if ((await seq.getCount()) !== total) mismatches.push(`getCount() is not ${total}`);
    const count = {
      seq: await time(reps, () => seq.getCount()),
      raw: await time(reps, () => raw.counts()),
      typeorm: await time(reps, typeormCounts),
    };
    await counted('getCount()', () => seq.getCount());
    logger.recorded = [];
    await seq.getCount();
    const [countStatement] = logger.recorded;
    logger.recorded = null;

    step('getFirst / getLast');
    same('getFirst', labels([(await seq.getFirst())!]), [rawLabel((await raw.head('release', 'DESC'))!)]);
    same('getLast', labels([(await seq.getLast())!]), [rawLabel((await raw.head('release', 'ASC'))!)]);
    const heads = await interleaved(
      {
        seqFirst: () => seq.getFirst(),
        seqLast: () => seq.getLast(),
        rawFirst: () => raw.head('release', 'DESC'),
        rawLast: () => raw.head('release', 'ASC'),
      },
      FAST_ROUNDS,
      FAST_WARM,
    );
    await counted('getFirst()', () => seq.getFirst());

    step(`cursor ${cursorDepth} rows deep (walking there)`);
    const after = await cursorAt(seq, cursorDepth);
    const deepCursorPage = () => seq.paginate({ first: 50, after });
    same(
      'paginate after deep cursor',
      labels((await deepCursorPage()).items),
      (await raw.pagePushed('release', 'DESC', cursorDepth, 50)).map(rawLabel),
    );
    const cursor = {
      page1: await time(reps, () => seq.paginate({ first: 50 })),
      deep: await time(reps, deepCursorPage),
    };
    await counted('paginate({ first: 50 })', () => seq.paginate({ first: 50 }));
    await counted('paginate({ first: 50, after })', deepCursorPage);
    logger.recorded = [];
    await deepCursorPage();
    const cursorStatements = logger.recorded.filter((s) => s.sql.includes('UNION ALL'));
    logger.recorded = null;

    step('title order');
    const byTitle = sequenceOf(ds, [Book, Article, BlogPost]).orderBy('title', 'ASC');
    const titleFloor = async (skip: number, take: number) => {
      const plain = await time(reps, () => raw.page('title', 'ASC', skip, take));
      const pushed = await time(reps, () => raw.pagePushed('title', 'ASC', skip, take));
      return plain.ms <= pushed.ms ? plain : pushed;
    };
    same(
      'title deep page',
      labels(await byTitle.skip(deepSkip).take(50).getMany()),
      (await raw.page('title', 'ASC', deepSkip, 50)).map(rawLabel),
    );
    const titleAfter = await cursorAt(byTitle, cursorDepth);
    const title = {
      first: await time(reps, () => byTitle.take(20).getMany()),
      firstFloor: await titleFloor(0, 20),
      deep: await time(reps, () => byTitle.skip(deepSkip).take(50).getMany()),
      deepFloor: await titleFloor(deepSkip, 50),
      page1: await time(reps, () => byTitle.paginate({ first: 50 })),
      cursor: await time(reps, () => byTitle.paginate({ first: 50, after: titleAfter })),
    };

    step('strategies: union vs per-builder');
    const strategies = await benchStrategies(ds, logger, cursorDepth, reps, mismatches);

    // The sharded scenario needs databases of their own on the server: PostgreSQL's (BENCH_SHARDED=0 skips it).
    let sharded;
    if (dialect === 'postgres' && process.env.BENCH_SHARDED !== '0') {
      step(`sharded: the same rows over 4 databases`);
      sharded = await benchSharded(ds, dialect, config.rows, reps, cursorDepth, STREAM_CAP_MS, mismatches);
    }

    step('per request: fresh sequence per call vs reused, small tables');
    const freshPath = await benchFreshPath(ds, dialect);
    const smallTables = await benchSmallTables(dialect, ds);

    step('explain');
    const [firstKey] = seq.take(20).getQueries();
    const [deepKey] = seq.skip(deepSkip).take(50).getQueries();
    const explain = [
      { title: 'first page key query (take 20)', ...firstKey },
      { title: `deep page key query (skip ${deepSkip}, take 50)`, ...deepKey },
      { title: 'getCount() statement', ...countStatement },
      ...cursorStatements.map((s, i) => ({
        title:
          i === 0
            ? 'paginate after the deep cursor: page key query'
            : 'paginate after the deep cursor: previous-row probe',
        ...s,
      })),
    ];
    const explained = [];
    for (const e of explain) {
      explained.push({
        title: e.title,
        sql: e.sql,
        lines: await explainLines(ds, dialect, e.sql, [...e.parameters]),
      });
    }

    return {
      dialect,
      server: await serverVersion(ds, dialect),
      rowsPerTable: config.rows,
      deepSkip,
      cursorDepth,
      seedNote,
      first,
      firstPlanning,
      deep,
      count,
      stream,
      retainedMB,
      streamLarge,
      streamFloor,
      cursorStream,
      cursorRetainedMB,
      everything,
      heads,
      cursor,
      title,
      queries,
      strategies,
      sharded,
      mismatches,
      explain: explained,
      freshPath,
      smallTables,
      smallRows: SMALL_ROWS,
    };
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const config = benchConfig();
  const started = Date.now();
  console.log(
    `typeorm-query-sequence benchmark: ${config.rows} rows × 3 tables, ${config.reps} timed repetitions ` +
      `(median, after a warm-up), dialects ${config.dialects.join(', ')}`,
  );
  process.on('exit', releaseRunLock);
  const results: DialectResult[] = [];
  const skipped: string[] = [];
  for (const dialect of config.dialects) {
    const problem = await probeDialect(dialect);
    if (problem) {
      console.log(`  ${dialect}: skipped, server not reachable (${problem})`);
      skipped.push(`${dialect} (not reachable: ${problem})`);
      continue;
    }
    // The PostgreSQL and MariaDB tables live in the shared `test` databases: never while tests run.
    await acquireRunLock();
    try {
      results.push(await benchDialect(dialect, config));
    } finally {
      releaseRunLock();
    }
  }
  if (results.length === 0) throw new Error('No database to benchmark.');

  const header = ['', ...results.map((r) => r.dialect)];
  const rows = [...tableRows(results), ...freshRows(results)];
  console.log(`\n${textTable(header, rows)}\n`);
  const sharded = shardedRows(results);
  const shardedHeader = ['sharded', ...results.filter((r) => r.sharded).map((r) => r.dialect)];
  if (shardedHeader.length > 1) console.log(`${textTable(shardedHeader, sharded)}\n`);
  const allTargets = results.flatMap((r) => [...targets(r), ...freshTargets(r)]);
  for (const t of allTargets)
    console.log(`${t.pass ? 'PASS' : 'MISS'}  ${t.dialect.padEnd(8)} ${t.name}: ${t.value}`);
  for (const r of results) for (const m of r.mismatches) console.log(`MISMATCH ${r.dialect}: ${m}`);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`\n(${minutes} min)`);

  const md = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}; the whole run took ${minutes} min.`,
    '',
    '## Machine',
    '',
    ...machine(),
    ...results.map((r) => `- ${r.dialect}: ${r.server} (${r.seedNote})`),
    ...(skipped.length ? [`- skipped: ${skipped.join('; ')}`] : []),
    '',
    '## Setup',
    '',
    `${config.rows} rows in each of book, article, blog_post (string primary key); release dates spread over ten years`,
    '(~27 rows per date and table), ~2% NULL; indexes on `(release, id)` and `(title, id)`. The sequence is',
    "`sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC')`. Times are medians of " +
      `${config.reps} repetitions after a warm-up (3 or 1 when one run takes over 2 s or 10 s; 101 after`,
    '10 more warm-ups when one takes under 5 ms), in ms. The per-request and small-table sections time their',
    'calls interleaved (300 untimed rounds, then 501 rounds that each run every call once, in turn; the counts',
    '31 rounds), so that a ratio compares calls made side by side (bench/fresh.ts); so do the first page (the',
    'sequence, the branch-LIMIT floor and the single-entity getMany()) and getFirst()/getLast() with their floors',
    '(201 rounds after 50).',
    'The floor is the faster of two hand-written raw queries returning the same rows: a plain',
    '`UNION ALL … ORDER BY … LIMIT` and the same with `ORDER BY … LIMIT skip+take` inside each branch.',
    `stream() is measured in a fresh node process per dialect (stream-child.ts) and runs for at most ${STREAM_CAP_MS / 1000} s`,
    '("capped": stopped there, rows/s over the rows read). Peak heap growth counts garbage not yet collected;',
    "'retained after gc()' is what the stream keeps alive. getMany() of everything is three TypeORM getMany() calls.",
    "The stream's floor is hand-written keyset batches on the raw driver (bench/baselines.ts `keysetBatches`):",
    "each batch one UNION ALL of every table's next 500 rows after the last position, NULL releases a phase of",
    "their own; its rows are not hydrated into entities. It is checked to give the stream's rows in its order.",
    '',
    '## Results',
    '',
    markdownTable(header, rows),
    '',
    ...(shardedHeader.length > 1
      ? [
          '## Sharded',
          '',
          `The same rows split over ${results.find((r) => r.sharded)!.sharded!.shards} databases of the same server ` +
            '(`<database>_shard1…`, row i of each table on shard i mod 4, ids kept), read as one sequence of one ' +
            "builder per table and shard, against the single database's sequence of 3 builders. 'union' runs one",
          "statement per shard, 'per-builder' one per builder (12). Key rows read per shard: the rows each shard's",
          'key statements returned for that page (run again on their shard and counted).',
          '',
          markdownTable(shardedHeader, sharded),
          '',
        ]
      : []),
    '## Targets',
    '',
    markdownTable(
      ['', 'target', 'value', 'result'],
      allTargets.map((t) => [t.dialect, t.name, t.value, t.pass ? 'PASS' : '**MISS**']),
    ),
    '',
    ...(results.some((r) => r.mismatches.length)
      ? ['## Mismatches', '', ...results.flatMap((r) => r.mismatches.map((m) => `- ${r.dialect}: ${m}`)), '']
      : []),
    '## Query plans',
    '',
    ...results.flatMap((r) =>
      r.explain.flatMap((e) => [
        `### ${r.dialect}: ${e.title}`,
        '',
        '```sql',
        e.sql,
        '```',
        '',
        '```',
        ...e.lines,
        '```',
        '',
      ]),
    ),
  ].join('\n');
  writeFileSync(join(__dirname, 'RESULTS.md'), md);
  console.log(`Wrote ${join(__dirname, 'RESULTS.md')}`);
}

main().catch((error) => {
  releaseRunLock();
  console.error(error);
  process.exit(1);
});
