import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { EntitySchema, type DataSource, type EntityTarget } from 'typeorm';
import { sequenceOf } from '..';
import { resolveSequences, type ResolvedSequence, type SequenceDefinition } from './sequence-definition';
import { SequenceRepository } from './sequence-repository';
import { getSequenceToken, type DataSourceReference } from './sequence-token';

/**
 * `TypeOrmModule.forFeature()` for sequences: provides one SequenceRepository per sequence, injected with
 * `@InjectSequence(name, dataSource?)`.
 */
@Module({})
/**
 * `TypeOrmModule.forFeature()` for sequences: provides one SequenceRepository per sequence, injected with
 * `@InjectSequence(name, dataSource?)`. See {@link SequenceModule.forFeature}.
 */
export class SequenceModule {
  /**
   * One SequenceRepository per sequence, injected with `@InjectSequence(name, dataSource?)`, as
   * `TypeOrmModule.forFeature()` provides repositories; the entities are registered for `autoLoadEntities` too.
   *
   * @param sequences - names of `@Sequenced` sequences, or `{ name, entities, alias? }` for an explicit list.
   * @param dataSource - the DataSource's name (or the DataSource / its options) as given to `TypeOrmModule`.
   * @returns The dynamic module exporting the repositories.
   * @throws `InvalidArgumentError` if `sequences` is not an array of names or `{ name, entities }`, a name is empty or
   *   given twice, or an entity list is empty.
   * @throws `UnsupportedOperationError` if no entity is registered under a name.
   *
   * @example
   * ```ts
   * @Module({
   *   imports: [
   *     TypeOrmModule.forRoot({ type: 'postgres', autoLoadEntities: true }),
   *     SequenceModule.forFeature(['publications', { name: 'feed', entities: [Article, BlogPost] }]),
   *   ],
   *   providers: [FeedService],
   * })
   * export class AppModule {}
   * ```
   */
  static forFeature(
    sequences: SequenceDefinition[],
    dataSource: DataSourceReference = 'default',
  ): DynamicModule {
    const resolved = resolveSequences(sequences);
    const providers: Provider[] = resolved.map((sequence) => sequenceProvider(sequence, dataSource));
    // Entity classes and schemas (not names) are registered for `autoLoadEntities`, as TypeOrmModule.forFeature() does.
    const entities = [...new Set(resolved.flatMap((s) => s.entities))].filter(
      (entity): entity is Function | EntitySchema =>
        typeof entity === 'function' || entity instanceof EntitySchema,
    );
    return {
      module: SequenceModule,
      imports: [TypeOrmModule.forFeature(entities, dataSource)],
      providers,
      exports: providers,
    };
  }
}

function sequenceProvider(sequence: ResolvedSequence, dataSource: DataSourceReference): Provider {
  return {
    provide: getSequenceToken(sequence.name, dataSource),
    useFactory: (source: DataSource) => {
      // Fails at startup, not at the first query, when an entity is missing from the DataSource.
      sequenceOf(source, sequence.target as any, { alias: sequence.alias });
      return new SequenceRepository(source, sequence.name, sequence.target, sequence.alias);
    },
    inject: [getDataSourceToken(dataSource)],
    // Like @nestjs/typeorm's targetEntitySchema: with `moduleIdGeneratorAlgorithm: 'deep-hash'`, keeps two
    // forFeature() calls that differ only inside the factory's closure from being taken for one module.
    targetSequence: {
      name: sequence.name,
      entities: sequence.entities.map(entityName),
      alias: sequence.alias,
    },
  } as Provider;
}

const entityName = (entity: EntityTarget<any>): string =>
  typeof entity === 'function'
    ? entity.name
    : typeof entity === 'string'
      ? entity
      : String((entity as any).name);
