import { join } from 'node:path';
import type { DataSourceOptions, Logger } from 'typeorm';
import { Article, Author, BlogPost, Book, Publisher, Tag } from '../entities';
import { connectionOptions, dialectsFrom, type DialectName } from '../spec/support/dialects';

/** What one run measures: BENCH_ROWS rows per table, on the BENCH_DIALECTS databases. */
export interface BenchConfig {
  readonly rows: number;
  readonly dialects: DialectName[];
  /** Timed repetitions per measurement (after one warm-up); the median is reported. */
  readonly reps: number;
}

export function benchConfig(env = process.env): BenchConfig {
  const rows = Number(env.BENCH_ROWS ?? 100_000);
  if (!Number.isSafeInteger(rows) || rows < 1000) throw new Error(`BENCH_ROWS must be an integer ≥ 1000.`);
  const reps = Number(env.BENCH_REPS ?? 5);
  if (!Number.isSafeInteger(reps) || reps < 1) throw new Error(`BENCH_REPS must be a positive integer.`);
  return { rows, reps, dialects: dialectsFrom('BENCH_DIALECTS') };
}

export const SQLITE_FILE = join(__dirname, 'bench.sqlite');

/** The fixture entities the benchmark uses (the three publications and what they relate to). */
export const BENCH_ENTITIES = [Publisher, Author, Tag, Book, Article, BlogPost];

/** The three benchmarked tables, in sequence `#` order. */
export const TABLES = [
  { entity: Book, table: 'book', label: 'Book', stringId: false },
  { entity: Article, table: 'article', label: 'Article', stringId: false },
  { entity: BlogPost, table: 'blog_post', label: 'BlogPost', stringId: true },
] as const;

/** Counts the statements TypeORM sends; keeps their text only while `recorded` is set (heap stays clean). */
export class StatementCounter implements Logger {
  count = 0;
  recorded: { sql: string; parameters: unknown[] }[] | null = null;
  logQuery(sql: string, parameters?: unknown[]): void {
    this.count++;
    this.recorded?.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function benchOptions(dialect: DialectName, logger: Logger, extra: object = {}): DataSourceOptions {
  const base = connectionOptions(dialect);
  return {
    ...base,
    ...(dialect === 'sqlite' ? { database: SQLITE_FILE } : {}),
    entities: BENCH_ENTITIES,
    logging: ['query'],
    logger,
    ...extra,
  } as DataSourceOptions;
}
