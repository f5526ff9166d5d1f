/**
 * The per-request path (issue 13): every call builds its sequence afresh from new createQueryBuilder()s,
 * as a web handler does, against the same calls on one sequence object built once and reused, against
 * TypeORM's single-entity query and hand-written SQL. Also: the time spent building SQL apart from the
 * time in the database, and a small-table case (SMALL_ROWS rows a table) where planning dominates.
 * Kept apart from run.ts so that other measurements can be added there without touching these.
 */
import { DataSource } from 'typeorm';
import { sequenceOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import type { DialectName } from '../spec/support/dialects';
import { RawQueries } from './baselines';
import { benchOptions, StatementCounter } from './config';
import { interleaved, type Timing } from './measure';
import { seedInto } from './seed';

/** Rows per table of the small-table case. */
export const SMALL_ROWS = 50;

export interface PathTimings {
  /** First page (release DESC, take 20), getMany(). */
  readonly first: Timing;
  readonly getFirst: Timing;
  readonly getLast: Timing;
  readonly count: Timing;
  /** Building the first page's SQL only: getQueries(). */
  readonly build: Timing;
}

export interface FreshResult {
  /** A sequence built afresh for every call (the headline figures). */
  readonly fresh: PathTimings;
  /** One sequence object, built once and reused. */
  readonly reused: PathTimings;
  /** TypeORM: one builder built per call, getMany() of the same page (Book, release DESC, take 20). */
  readonly single: Timing;
  /** TypeORM: one builder built per call, getQueryAndParameters() only. */
  readonly singleBuild: Timing;
  /** The first page's key query run on the driver alone: the time in the database (and driver). */
  readonly keyQuery: Timing;
  /** Hand-written floors: the heads statement (first, last) and COUNT(*) ×3. */
  readonly floors: { readonly first: Timing; readonly last: Timing; readonly count: Timing };
}

/** The counts' rounds (and warm-up rounds): a count of the benchmark's tables takes milliseconds. */
const COUNT_ROUNDS = 31;
const COUNT_WARM = 5;

const feed = (ds: DataSource) => sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC');

/** The per-request measurements on one seeded database, every call interleaved with the others. */
export async function benchFreshPath(ds: DataSource, dialect: DialectName): Promise<FreshResult> {
  const raw = new RawQueries(ds, dialect);
  const once = feed(ds);
  const [key] = once.take(20).getQueries();
  const t = await interleaved({
    freshFirst: () => feed(ds).take(20).getMany(),
    reusedFirst: () => once.take(20).getMany(),
    single: () =>
      ds.getRepository(Book).createQueryBuilder('x').orderBy('x.release', 'DESC').take(20).getMany(),
    keyQuery: () => ds.query(key.sql, [...key.parameters]),
    freshGetFirst: () => feed(ds).getFirst(),
    reusedGetFirst: () => once.getFirst(),
    floorFirst: () => raw.head('release', 'DESC'),
    freshGetLast: () => feed(ds).getLast(),
    reusedGetLast: () => once.getLast(),
    floorLast: () => raw.head('release', 'ASC'),
    freshBuild: async () => feed(ds).take(20).getQueries(),
    reusedBuild: async () => once.take(20).getQueries(),
    singleBuild: async () =>
      ds
        .getRepository(Book)
        .createQueryBuilder('x')
        .orderBy('x.release', 'DESC')
        .take(20)
        .getQueryAndParameters(),
  });
  // COUNT(*) of 100,000 rows takes 20–40 ms on the servers: fewer rounds, timed apart from the fast calls.
  const c = await interleaved(
    {
      freshCount: () => feed(ds).getCount(),
      reusedCount: () => once.getCount(),
      floorCount: () => raw.counts(),
    },
    COUNT_ROUNDS,
    COUNT_WARM,
  );
  return {
    fresh: {
      first: t.freshFirst,
      getFirst: t.freshGetFirst,
      getLast: t.freshGetLast,
      count: c.freshCount,
      build: t.freshBuild,
    },
    reused: {
      first: t.reusedFirst,
      getFirst: t.reusedGetFirst,
      getLast: t.reusedGetLast,
      count: c.reusedCount,
      build: t.reusedBuild,
    },
    single: t.single,
    singleBuild: t.singleBuild,
    keyQuery: t.keyQuery,
    floors: { first: t.floorFirst, last: t.floorLast, count: c.floorCount },
  };
}

/**
 * The same measurements on SMALL_ROWS rows a table, where building the statements is most of a call:
 * SQLite in memory; PostgreSQL and MariaDB in a database `<database>_small` beside the benchmark's.
 */
export async function benchSmallTables(dialect: DialectName, main: DataSource): Promise<FreshResult> {
  const extra: Record<string, unknown> = { synchronize: true, dropSchema: true };
  if (dialect === 'sqlite') extra.database = ':memory:';
  if (dialect !== 'sqlite') {
    const database = `${(main.options as { database: string }).database}_small`;
    const exists =
      dialect === 'mysql' ||
      (await main.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0;
    if (dialect === 'mysql')
      await main.query(`CREATE DATABASE IF NOT EXISTS ${main.driver.escape(database)}`);
    else if (!exists) await main.query(`CREATE DATABASE ${main.driver.escape(database)}`);
    extra.database = database;
  }
  const ds = new DataSource(benchOptions(dialect, new StatementCounter(), extra));
  await ds.initialize();
  try {
    await seedInto(ds, dialect, SMALL_ROWS);
    return await benchFreshPath(ds, dialect);
  } finally {
    await ds.destroy();
  }
}
