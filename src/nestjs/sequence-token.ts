import { getDataSourcePrefix } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { InvalidArgumentError } from '..';

/** A DataSource as `@nestjs/typeorm` names one: its name, the DataSource itself or its options. */
export type DataSourceReference = DataSource | DataSourceOptions | string;

/**
 * The injection token of a sequence's SequenceRepository, like `getRepositoryToken()`: a plain token for the
 * default DataSource (`'publicationsSequenceRepository'`), prefixed for a named one
 * (`'second_publicationsSequenceRepository'`).
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
