import type { DataSource } from 'typeorm';
import { SequenceError } from './sequence-error';

/**
 * A statement failed on one DataSource of a sequence spread over several (shards): the call fails with
 * this error as soon as that DataSource answers with its error, without waiting for the others (their
 * statements run to their end on their own connections, which are released then; their results are
 * ignored). `dataSource` names the failing one as the message does: its `name` option if set, else its
 * driver type, host:port and database. The driver's error is `cause`.
 *
 * @example
 * ```ts
 * const feed = SequenceQueryBuilder.from(
 *   ...shards.map((shard) => shard.getRepository(Book).createQueryBuilder('item')),
 * ).orderBy('release', 'DESC');
 * try {
 *   await feed.take(20).getMany();
 * } catch (error) {
 *   if (error instanceof DataSourceQueryError) console.error(error.dataSource, error.cause);
 * }
 * ```
 */
export class DataSourceQueryError extends SequenceError {
  /** The failing DataSource's name (or type, host:port and database). */
  readonly dataSource: string;
  /** The driver's error. */
  readonly cause: unknown;

  constructor(dataSource: DataSource, cause: unknown) {
    const label = dataSourceLabel(dataSource);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The statement on DataSource ${label} failed: ${reason} ` +
        '(the sequence reads several DataSources; check that one, or leave its builders out).',
    );
    this.dataSource = label;
    this.cause = cause;
  }
}

const DEFAULT_PORTS: Record<string, number> = {
  postgres: 5432,
  cockroachdb: 26257,
  mysql: 3306,
  mariadb: 3306,
  'aurora-mysql': 3306,
};

/**
 * How a DataSource is named in errors, getQueries() and explain(): its `name` option when one was given
 * (TypeORM calls an unnamed one 'default'), else `type host:port/database` (`type database` for SQLite).
 */
export function dataSourceLabel(dataSource: DataSource): string {
  const options = dataSource.options as {
    name?: string;
    type: string;
    host?: string;
    port?: number;
    database?: unknown;
    url?: string;
  };
  if (options.name && options.name !== 'default') return `'${options.name}'`;
  const database = options.database === undefined ? '' : String(options.database);
  if (options.host === undefined && options.url === undefined) return `${options.type} ${database}`.trim();
  if (options.url !== undefined && options.host === undefined) {
    // A URL may hold a password: only its host, port and path are shown.
    try {
      const url = new URL(options.url);
      return `${options.type} ${url.host}${url.pathname}`;
    } catch {
      return options.type;
    }
  }
  const port = options.port ?? DEFAULT_PORTS[options.type];
  return `${options.type} ${options.host}${port === undefined ? '' : `:${port}`}/${database}`;
}
