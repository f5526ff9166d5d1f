import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { acquireRunLock, releaseRunLock } from './run-lock';
import { AVAILABLE_ENV, connectionOptions, requestedDialects, type DialectName } from './dialects';

async function probe(dialect: DialectName): Promise<string | null> {
  const options: any = { ...connectionOptions(dialect), connectTimeoutMS: 3000, connectTimeout: 3000 };
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
    await dataSource.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * Finds which requested database servers answer. With CI=true every one is required; otherwise a
 * missing server is skipped with one line saying so, and SQLite (embedded) always runs.
 */
export default async function globalSetup(): Promise<void> {
  await acquireRunLock();
  const requested = requestedDialects();
  const available: DialectName[] = [];
  const missing: string[] = [];
  for (const dialect of requested) {
    const problem = dialect === 'sqlite' ? null : await probe(dialect);
    if (problem === null) available.push(dialect);
    else missing.push(`${dialect} (${problem})`);
  }
  if (missing.length > 0) {
    if (process.env.CI === 'true') {
      releaseRunLock(); // Jest runs no teardown when the setup throws
      throw new Error(`CI=true needs every database server; not reachable: ${missing.join('; ')}`);
    }
    console.log(
      `\nSkipped dialects, server not reachable: ${missing.join('; ')}. ` +
        `Start PostgreSQL/MariaDB (see README) or set TEST_DIALECTS=sqlite.\n`,
    );
  }
  process.env[AVAILABLE_ENV] = available.join(',');
}
