/**
 * typeorm-query-sequence: several TypeORM SelectQueryBuilders over different entities queried as one, filtered,
 * ordered, paged, counted and streamed by the database. Start with {@link SequenceQueryBuilder.from} or
 * {@link sequenceOf}; errors are described in the README section "Errors". The NestJS integration is the
 * `typeorm-query-sequence/nestjs` entry point.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

export { Sequenced, sequenced } from './registration/sequenced';
export type { SequencedOptions, SequencedTarget } from './registration/sequenced-options';
export { getSequencedEntities } from './registration/registry';
export type { SequenceRegistry } from './registration/sequence-registry';
export { SequenceQueryBuilder } from './building/sequence-query-builder';
export { sequenceOf, type SequenceOfOptions } from './building/sequence-of';
export { SEQUENCE_INDEX, sequenceIndexOf } from './model/sequence-index';
export type { Condition, PerBuilderCondition } from './model/condition';
export type { QueryDescription } from './execution/describe-queries';
export { PAGE_IDS } from './execution/describe-queries';
export type { QueryPlan } from './execution/explain';
export type { IndexHint } from './planning/index-hints';
export type { WriteResult } from './execution/write';
export type { SequenceCounts } from './execution/counts';
export { unionBuilders } from './combining/union-builders';
export type { StreamMode, StreamOptions } from './execution/stream';
export type {
  SequenceConnection,
  SequenceEdge,
  Connection,
  PageInfo,
  PaginateOptions,
} from './pagination/paginate';
export * from './errors';
export type {
  CommonField,
  FieldPath,
  SequencePath,
  SequenceWhere,
  SortDirection,
  NullsPlacement,
  ReadStrategy,
} from './model/types';
