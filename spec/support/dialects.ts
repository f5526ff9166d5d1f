import type { DataSourceOptions } from 'typeorm';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export const ALL_DIALECTS: readonly DialectName[] = ['sqlite', 'postgres', 'mysql'];

const env = process.env;

/** Connection settings per dialect; every value can be overridden by environment variables. */
export function connectionOptions(dialect: DialectName): DataSourceOptions {
  switch (dialect) {
    case 'sqlite':
      return { type: 'better-sqlite3', database: ':memory:' };
    case 'postgres':
      return {
        type: 'postgres',
        host: env.PGHOST ?? '127.0.0.1',
        port: Number(env.PGPORT ?? 5432),
        username: env.PGUSER ?? 'postgres',
        password: env.PGPASSWORD ?? '',
        database: env.PGDATABASE ?? 'test',
      };
    case 'mysql':
      return {
        type: 'mysql',
        host: env.MYSQL_HOST ?? '127.0.0.1',
        port: Number(env.MYSQL_PORT ?? 3306),
        username: env.MYSQL_USER ?? 'root',
        password: env.MYSQL_PASSWORD ?? '',
        database: env.MYSQL_DATABASE ?? 'test',
        charset: 'utf8mb4',
      };
  }
}

/** A comma-separated list of dialects from an environment variable (default: all three). */
export function dialectsFrom(variable: string): DialectName[] {
  const names = (env[variable] ?? ALL_DIALECTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!ALL_DIALECTS.includes(name as DialectName)) {
      throw new Error(`${variable}: unknown dialect '${name}' (known: ${ALL_DIALECTS.join(', ')}).`);
    }
  }
  return names as DialectName[];
}

/** The dialects asked for with TEST_DIALECTS (default: all three). */
export const requestedDialects = (): DialectName[] => dialectsFrom('TEST_DIALECTS');

/** Set by the global setup: the requested dialects whose server answered. */
export const AVAILABLE_ENV = 'SEQUENCE_TEST_AVAILABLE_DIALECTS';

export function availableDialects(): DialectName[] {
  const value = env[AVAILABLE_ENV];
  return value === undefined ? requestedDialects() : (value.split(',').filter(Boolean) as DialectName[]);
}
