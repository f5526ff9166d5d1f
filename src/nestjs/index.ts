/**
 * The NestJS integration (`typeorm-query-sequence/nestjs`): SequenceModule.forFeature(), @InjectSequence(),
 * getSequenceToken() and SequenceRepository, with the conventions of `@nestjs/typeorm`.
 *
 * @packageDocumentation
 */
export { SequenceModule } from './sequence-module';
export { InjectSequence } from './inject-sequence';
export { getSequenceToken, type DataSourceReference } from './sequence-token';
export type { SequenceDefinition } from './sequence-definition';
export { SequenceRepository, type SequencePaginateOptions } from './sequence-repository';
export type {
  SequenceFindManyOptions,
  SequenceFindOneOptions,
  SequenceFindOrder,
  SequenceFindRelations,
  SequenceFindSelect,
} from './find-options';
