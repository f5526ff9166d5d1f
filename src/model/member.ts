import type { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  checkTypeormContractOnce,
  dataSourceOf,
  hasExpressionMap,
  isPaged,
  mainMetadataOf,
  type EntityMetadata,
} from '../typeorm/internals';
import { InvalidArgumentError, UnsupportedOperationError } from '../errors';
import { checkBuilderAlias } from '../metadata/names';

/** One builder of a sequence, with its fixed `#`. Its builder is a private clone, never mutated. */
export interface Member {
  readonly index: number;
  readonly builder: SelectQueryBuilder<any>;
  readonly alias: string;
  readonly metadata: EntityMetadata;
  readonly dataSource: DataSource;
}

export function isSelectQueryBuilder(value: unknown): value is SelectQueryBuilder<any> {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as any).getMany === 'function' &&
    hasExpressionMap(value)
  );
}

export function toMember(builder: SelectQueryBuilder<any>, index: number): Member {
  if (!isSelectQueryBuilder(builder)) {
    throw new InvalidArgumentError(`builder #${index}`, `not a TypeORM SelectQueryBuilder.`);
  }
  const metadata = mainMetadataOf(builder);
  if (!metadata) {
    throw new UnsupportedOperationError(
      `Builder #${index} has no entity (created without one, e.g. from a raw table). ` +
        `Create it from a repository: ds.getRepository(Entity).createQueryBuilder('item').`,
    );
  }
  checkTypeormContractOnce(builder);
  if (isPaged(builder)) {
    throw new UnsupportedOperationError(
      `Builder #${index} (${metadata.name}) is already paged with skip/take/limit/offset. ` +
        `Page the sequence instead: SequenceQueryBuilder.from(...).skip(n).take(m).`,
    );
  }
  // The sequence writes a builder's alias into its SQL: a user-supplied one must be a plain identifier.
  checkBuilderAlias(builder.alias, `builder #${index} (${metadata.name})`);
  return Object.freeze({
    index,
    builder: builder.clone(),
    alias: builder.alias,
    metadata,
    dataSource: dataSourceOf(builder),
  });
}

export const entityName = (member: Member): string => member.metadata.name;
