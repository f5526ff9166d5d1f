import { getDataSourcePrefix } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { InvalidArgumentError } from '..';

/** A DataSource as `@nestjs/typeorm` names one: its name, the DataSource itself or its options. */
export type DataSourceReference = DataSource | DataSourceOptions | string;

/**
 * The injection token of a sequence's SequenceRepository, like `getRepositoryToken()`: a plain token for the
 * default DataSource, prefixed for a named one. For tests that override the provider, or `moduleRef.get()`.
 *
 * @param name - the sequence's name.
 * @param dataSource - the DataSource's name (or the DataSource / its options); default `'default'`.
 * @returns The token.
 * @throws `InvalidArgumentError` if `name` is not a non-empty string.
 *
 * @example
 * ```ts
 * getSequenceToken('publications'); // 'publicationsSequenceRepository'
 * getSequenceToken('publications', 'second'); // 'second_publicationsSequenceRepository'
 * ```
 */
export function getSequenceToken(name: string, dataSource: DataSourceReference = 'default'): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError(
      'getSequenceToken(name)',
      `a sequence is named by a non-empty string, got ${String(name)}.`,
    );
  }
  return `${getDataSourcePrefix(dataSource)}${name}SequenceRepository`;
}
