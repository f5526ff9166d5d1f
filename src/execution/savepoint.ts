import type { EntityManager, QueryRunner } from 'typeorm';

/** The last write started on each caller's QueryRunner, settled either way: writes on one runner take turns. */
const lastWrite = new WeakMap<QueryRunner, Promise<unknown>>();

/**
 * Runs `work` all or nothing inside the transaction `runner` is already in: TypeORM's nested transaction,
 * which every supported driver (TypeORM 0.3 and 1.x alike) runs as `SAVEPOINT typeorm_<depth>`, released on
 * success and rolled back to on failure. So a failed write leaves none of its changes even if the caller
 * catches the error and commits, and the transaction stays usable (on PostgreSQL too, where an error
 * aborts it up to the savepoint). Savepoints are a stack per connection: two writes interleaved on one
 * runner would release or roll back each other's, so writes on one runner run one after the other.
 */
export function inSavepoint<R>(
  runner: QueryRunner,
  work: (manager: EntityManager) => Promise<R>,
): Promise<R> {
  const run = (lastWrite.get(runner) ?? Promise.resolve()).then(() => runner.manager.transaction(work));
  lastWrite.set(
    runner,
    run.catch(() => undefined),
  );
  return run;
}
