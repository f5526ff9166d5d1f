import 'reflect-metadata';
import { probeDialect } from './probe';
import { acquireRunLock, releaseRunLock } from './run-lock';
import { AVAILABLE_ENV, requestedDialects, type DialectName } from './dialects';

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
    const problem = await probeDialect(dialect);
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
