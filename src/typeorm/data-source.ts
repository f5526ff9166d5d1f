import type { DataSource, EntityManager, QueryRunner, ReplicationMode, SelectQueryBuilder } from 'typeorm';

/*
 * Where a builder runs: its DataSource and its QueryRunner, named differently or protected in TypeORM.
 */

/** The DataSource of a builder (`dataSource` in TypeORM 1.x, `connection` in 0.3.x). */
export function dataSourceOf(builder: SelectQueryBuilder<any>): DataSource {
  return (builder as any).dataSource ?? (builder as any).connection;
}

/** The DataSource itself, or an EntityManager's (`dataSource` in TypeORM 1.x, `connection` in 0.3.x). */
export function dataSourceOfSource(source: DataSource | EntityManager): DataSource {
  return 'driver' in source ? source : ((source as any).dataSource ?? (source as any).connection);
}

/** The QueryRunner a builder was created with (a transaction's), if any: protected in TypeORM. */
export function queryRunnerOf(builder: SelectQueryBuilder<any>): QueryRunner | undefined {
  return (builder as any).queryRunner as QueryRunner | undefined;
}

/**
 * The replication mode TypeORM reads in outside a transaction: `replication.defaultMode`, else 'slave'
 * (what SelectQueryBuilder's getMany() asks `createQueryRunner()` for, in 0.3.x and 1.x alike; a
 * DataSource without replication ignores it).
 */
export function readModeOf(dataSource: DataSource): ReplicationMode {
  const own = (dataSource as any).defaultReplicationModeForReads;
  if (typeof own === 'function') return own.call(dataSource);
  return (dataSource.driver.options as any).replication?.defaultMode ?? 'slave';
}

/**
 * Runs `work` on the QueryRunner the builder's reads use: its own (a transaction's) if it has one, else a
 * new one in TypeORM's mode for reads, released after.
 */
export async function withReadRunner<R>(
  builder: SelectQueryBuilder<any>,
  work: (runner: QueryRunner) => Promise<R>,
): Promise<R> {
  const own = queryRunnerOf(builder);
  if (own) return work(own);
  const dataSource = dataSourceOf(builder);
  const runner = dataSource.createQueryRunner(readModeOf(dataSource));
  try {
    return await work(runner);
  } finally {
    await runner.release();
  }
}

/** A QueryRunner held across awaits: the builder's own (a transaction's, `own: false`) or a new one for reads. */
export interface HeldRunner {
  readonly runner: QueryRunner;
  /** True when the runner was created here (release() gives its connection back to the pool). */
  readonly own: boolean;
  release(): Promise<void>;
}

/** The QueryRunner withReadRunner() would use, held until release() (a stream's cursor keeps it open). */
export function holdReadRunner(builder: SelectQueryBuilder<any>): HeldRunner {
  const existing = queryRunnerOf(builder);
  if (existing) return { runner: existing, own: false, release: async () => undefined };
  const dataSource = dataSourceOf(builder);
  const runner = dataSource.createQueryRunner(readModeOf(dataSource));
  return { runner, own: true, release: () => runner.release() };
}

const serverVersions = new WeakMap<DataSource, Promise<string>>();

/**
 * The server's version string as the server gives it (`SELECT VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1`),
 * asked once per DataSource; TypeORM keeps only its number (`driver.version`), which does not tell MariaDB
 * from MySQL when the DataSource's type is 'mysql'.
 */
export function serverVersionOf(dataSource: DataSource): Promise<string> {
  let version = serverVersions.get(dataSource);
  if (!version) {
    version = dataSource
      .query('SELECT VERSION() AS version')
      .then((rows: { version?: unknown }[]) => String(rows[0]?.version ?? ''));
    version.catch(() => serverVersions.delete(dataSource));
    serverVersions.set(dataSource, version);
  }
  return version;
}
