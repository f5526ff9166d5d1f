import type { DataSource } from 'typeorm';
import { DataSourceQueryError, SequenceError } from '../errors';

/**
 * Runs `work` for every item at once. Over several DataSources (shards) the first failure fails the
 * whole call at once, as a DataSourceQueryError naming its DataSource; the other items' work is not
 * awaited (each releases its own connection when its statement ends) and its outcome is ignored, so no
 * rejection goes unhandled. On one DataSource a failure is the driver's error, as it always was.
 */
export function fanOut<T, R>(
  items: readonly T[],
  dataSourceOf: (item: T) => DataSource,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  // One statement (one DataSource, strategy 'union'): nothing to fan out.
  if (items.length === 1) return work(items[0]).then((result) => [result]);
  const sharded = new Set(items.map(dataSourceOf)).size > 1;
  if (!sharded) return Promise.all(items.map(work));
  return Promise.all(
    items.map((item) =>
      work(item).catch((error: unknown) => {
        throw error instanceof SequenceError ? error : new DataSourceQueryError(dataSourceOf(item), error);
      }),
    ),
  );
}
