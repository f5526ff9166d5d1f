import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Every run drops and re-creates the schema of the shared `test` databases, so two test runs on one
 * machine at once would break each other. A run takes this lock in the global setup and gives it
 * back in the global teardown; a lock left by a dead process is taken over.
 */
const LOCK_DIR = join(tmpdir(), 'typeorm-query-sequence-test.lock');
const OWNER = join(LOCK_DIR, 'pid');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireRunLock(timeoutMs = 10 * 60 * 1000): Promise<void> {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(OWNER, String(process.pid));
      return;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(OWNER, 'utf8'));
      } catch {
        // the owner is between mkdir and writing its pid
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(`Another test run holds ${LOCK_DIR} for too long.`);
      if (!told) {
        console.log(`Waiting for another test run on this machine to finish (lock ${LOCK_DIR})...`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export function releaseRunLock(): void {
  try {
    if (Number(readFileSync(OWNER, 'utf8')) === process.pid)
      rmSync(LOCK_DIR, { recursive: true, force: true });
  } catch {
    // not ours, or already gone
  }
}
