import { existsSync, rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { DialectName } from '../spec/support/dialects';
import { benchOptions, SQLITE_FILE, StatementCounter, TABLES } from './config';

/** A small deterministic PRNG (mulberry32), so every run and every database gets the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJECTIVES = [
  'Quiet',
  'amber',
  'Élan',
  'Broken',
  'silent',
  'Golden',
  'Northern',
  'último',
  'Hidden',
  'Last',
];
const NOUNS = [
  'River',
  'garden',
  'Café',
  'Winter',
  'machine',
  'Harbour',
  'Letters',
  'Orchard',
  'Signal',
  'Tide',
];
const MEDIA = ['The Herald', 'Monthly Review', 'Le Monde', 'Tech Weekly', 'Science Today'];
const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
/** Ten years of release dates: with 100 000 rows a table, ~27 rows share each date (ties). */
const DAYS = 3652;

/** The column values of row `i` of a table: release spread over years, ~2% NULL, titles with ties. */
function rowsOf(table: (typeof TABLES)[number], count: number): unknown[][] {
  const next = random(table.table.length * 7919 + 17);
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const release =
      next() < 0.02 ? null : new Date(START + Math.floor(next() * DAYS) * DAY).toISOString().slice(0, 10);
    const title = `${ADJECTIVES[Math.floor(next() * ADJECTIVES.length)]} ${NOUNS[Math.floor(next() * NOUNS.length)]} ${Math.floor(next() * 5000)}`;
    const pages = 1 + Math.floor(next() * 900);
    const own =
      table.table === 'book'
        ? `978${String(Math.floor(next() * 1e10)).padStart(10, '0')}`
        : table.table === 'article'
          ? MEDIA[Math.floor(next() * MEDIA.length)]
          : Math.floor(next() * 10_000);
    const row = [title, release, pages, own];
    rows.push(table.stringId ? [`post-${String(i + 1).padStart(7, '0')}`, ...row] : row);
  }
  return rows;
}

const OWN_COLUMN = { book: 'isbn', article: 'medium', blog_post: 'likes' } as const;

function columnsOf(table: (typeof TABLES)[number]): string[] {
  const columns = ['title', 'release', 'pages', OWN_COLUMN[table.table]];
  return table.stringId ? ['id', ...columns] : columns;
}

/** A progress bar on stderr, redrawn in place. */
class Progress {
  private shown = -1;
  constructor(
    private readonly title: string,
    readonly total: number,
  ) {}
  update(done: number): void {
    const percent = Math.floor((done / this.total) * 100);
    if (percent === this.shown) return;
    this.shown = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    process.stderr.write(
      `\r  ${this.title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ` +
        `${done}/${this.total}`,
    );
    if (done >= this.total) process.stderr.write('\n');
  }
}

async function tableCounts(dataSource: DataSource): Promise<number[] | null> {
  try {
    const q = (n: string) => dataSource.driver.escape(n);
    return await Promise.all(
      TABLES.map(async (t) =>
        Number((await dataSource.query(`SELECT COUNT(*) AS ${q('n')} FROM ${q(t.table)}`))[0].n),
      ),
    );
  } catch {
    return null; // no tables yet
  }
}

const BATCH = 1000;

/** Which rows a database holds: all of them, or one shard's share (row i goes to shard i % of), ids kept. */
interface Share {
  readonly shard: number;
  readonly of: number;
}

async function insertAll(
  dataSource: DataSource,
  dialect: DialectName,
  rows: number,
  share?: Share,
): Promise<void> {
  const q = (n: string) => dataSource.driver.escape(n);
  const progress = new Progress(
    `seeding ${dialect}${share ? ` shard ${share.shard + 1}/${share.of}` : ''}`,
    Math.ceil(rows / (share?.of ?? 1)) * TABLES.length,
  );
  let done = 0;
  for (const table of TABLES) {
    // A shard keeps the ids the rows have in the single database (numbered 1… there), so both give one order.
    const explicitId = share && !table.stringId;
    const columns = explicitId ? ['id', ...columnsOf(table)] : columnsOf(table);
    const data = rowsOf(table, rows)
      .map((row, i) => (explicitId ? [i + 1, ...row] : row))
      .filter((_, i) => !share || i % share.of === share.shard);
    await dataSource.transaction(async (manager) => {
      for (let start = 0; start < data.length; start += BATCH) {
        const batch = data.slice(start, start + BATCH);
        let n = 0;
        const tuples = batch.map(
          (row) => `(${row.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`,
        );
        await manager.query(
          `INSERT INTO ${q(table.table)} (${columns.map(q).join(', ')}) VALUES ${tuples.join(', ')}`,
          batch.flat(),
        );
        done += batch.length;
        progress.update(Math.min(done, progress.total));
      }
    });
  }
}

/**
 * Indexes the benchmark relies on: each order key (`release`, and `title` for the second ordering) with
 * the primary key after it, the index any keyset-paged order wants (the sequence breaks ties by `id`).
 * Earlier runs indexed the key alone; such an index is dropped.
 */
async function createIndexes(dataSource: DataSource, dialect: DialectName): Promise<void> {
  const q = (n: string) => dataSource.driver.escape(n);
  for (const { table } of TABLES) {
    for (const column of ['release', 'title']) {
      const old = `IDX_bench_${table}_${column}`;
      await dataSource.query(`DROP INDEX IF EXISTS ${q(old)}${dialect === 'mysql' ? ` ON ${q(table)}` : ''}`);
      const name = `IDX_bench_${table}_${column}_id`;
      await dataSource.query(
        `CREATE INDEX IF NOT EXISTS ${q(name)} ON ${q(table)} (${q(column)}, ${q('id')})`,
      );
    }
    await dataSource.query(dialect === 'mysql' ? `ANALYZE TABLE ${q(table)}` : `ANALYZE ${q(table)}`);
  }
}

/** Inserts `rows` rows in each (empty) table of `dataSource` and creates the indexes (the small-table case). */
export async function seedInto(dataSource: DataSource, dialect: DialectName, rows: number): Promise<void> {
  await insertAll(dataSource, dialect, rows);
  await createIndexes(dataSource, dialect);
}

/**
 * Opens the benchmark database of a dialect, seeding `rows` rows in each table unless they are
 * already there (the SQLite file is kept between runs; the `test` databases are wiped by test runs).
 */
export async function openSeeded(
  dialect: DialectName,
  rows: number,
  logger: StatementCounter,
): Promise<DataSource> {
  let dataSource = new DataSource(benchOptions(dialect, logger));
  await dataSource.initialize();
  const counts = await tableCounts(dataSource);
  if (counts && counts.every((c) => c === rows)) {
    console.log(`  ${dialect}: reusing ${rows} rows × ${TABLES.length} tables`);
  } else {
    await dataSource.destroy();
    if (dialect === 'sqlite' && existsSync(SQLITE_FILE)) rmSync(SQLITE_FILE);
    dataSource = new DataSource(benchOptions(dialect, logger, { synchronize: true, dropSchema: true }));
    await dataSource.initialize();
    const started = Date.now();
    await insertAll(dataSource, dialect, rows);
    console.log(
      `  ${dialect}: seeded ${rows} rows × ${TABLES.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await createIndexes(dataSource, dialect);
  return dataSource;
}

/** The name of shard `s` (0-based) of the benchmark's database: `<database>_shard<s+1>`. */
export function shardDatabase(dialect: DialectName, s: number): string {
  return `${String(benchOptions(dialect, new StatementCounter()).database)}_shard${s + 1}`;
}

/**
 * Opens shard `shard` of `of` (a database of its own on the same server, created when missing) holding
 * every `of`-th row of each table with the ids those rows have in the single database; seeded once and
 * reused when its tables hold their share.
 */
export async function openShard(
  dialect: DialectName,
  rows: number,
  share: Share,
  logger: StatementCounter,
): Promise<DataSource> {
  const database = shardDatabase(dialect, share.shard);
  const admin = new DataSource(benchOptions(dialect, new StatementCounter()));
  await admin.initialize();
  try {
    const exists =
      dialect === 'postgres'
        ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0
        : (await admin.query('SHOW DATABASES LIKE ?', [database])).length > 0;
    if (!exists) await admin.query(`CREATE DATABASE ${admin.driver.escape(database)}`);
  } finally {
    await admin.destroy();
  }
  const expected = Math.floor((rows - share.shard - 1) / share.of) + 1;
  const options = (extra: object = {}) =>
    ({ ...benchOptions(dialect, logger), database, name: `shard ${share.shard + 1}`, ...extra }) as any;
  let dataSource = new DataSource(options());
  await dataSource.initialize();
  const counts = await tableCounts(dataSource);
  if (counts && counts.every((c) => c === expected)) {
    console.log(
      `  ${dialect}: reusing shard ${share.shard + 1}/${share.of} (${expected} rows × ${TABLES.length})`,
    );
  } else {
    await dataSource.destroy();
    dataSource = new DataSource(options({ synchronize: true, dropSchema: true }));
    await dataSource.initialize();
    await insertAll(dataSource, dialect, rows, share);
  }
  await createIndexes(dataSource, dialect);
  return dataSource;
}
