import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import { dataSourceOfSource } from '../typeorm/internals';
import { checkAlias } from '../metadata/names';
import { checkOptions } from '../metadata/options';
import { getSequencedTargets } from '../registration/registry';
import type { SequencedTarget } from '../registration/sequenced-options';
import { targetName } from '../registration/sequenced-target';
import type { RegisteredEntity, SequenceRegistry } from '../registration/sequence-registry';
import { SequenceQueryBuilder } from './sequence-query-builder';

/**
 * The options of {@link sequenceOf}; no other key allowed.
 */
export interface SequenceOfOptions {
  /** The alias every builder gets, so one string condition serves all (default `'item'`). */
  alias?: string;
}

type Instance<E> = E extends new (...args: any[]) => infer I
  ? I
  : E extends EntityTarget<infer I>
    ? I
    : never;

/**
 * A sequence with one builder per entity, all with the same alias (so one string condition serves every
 * builder): the entities of a named sequence (`@Sequenced({ sequence })`, in `#` order) or a list of entities.
 * A name added to the {@link SequenceRegistry} interface is typed with its entity union; any other name gives
 * `SequenceQueryBuilder<any>`.
 *
 * @param source - a DataSource, or an EntityManager (a transaction's works too).
 * @param sequence - a sequence's name, or a list of entities.
 * @param options - `{ alias }` (default `'item'`).
 * @returns The sequence.
 * @throws {@link UnsupportedOperationError} if no entity is registered under the name, or an entity is not one of the
 *   DataSource's.
 * @throws {@link InvalidArgumentError} if the alias is not a plain identifier or an option is unknown.
 *
 * @example
 * ```ts
 * const pubs = sequenceOf(ds, 'publications'); // Book #0, Article #1, BlogPost #2
 * const two = sequenceOf(ds.manager, [Book, Article], { alias: 'item' }); // SequenceQueryBuilder<Book | Article>
 * await two.where('item.pages > :n', { n: 100 }).getMany();
 * ```
 */
export function sequenceOf<N extends keyof SequenceRegistry & string>(
  source: DataSource | EntityManager,
  sequence: N,
  options?: SequenceOfOptions,
): SequenceQueryBuilder<RegisteredEntity<N>>;
export function sequenceOf<T extends ObjectLiteral = any>(
  source: DataSource | EntityManager,
  sequence: string,
  options?: SequenceOfOptions | null,
): SequenceQueryBuilder<T>;
export function sequenceOf<E extends readonly EntityTarget<any>[]>(
  source: DataSource | EntityManager,
  entities: E,
  options?: SequenceOfOptions | null,
): SequenceQueryBuilder<Instance<E[number]>>;
export function sequenceOf(
  source: DataSource | EntityManager,
  target: string | readonly EntityTarget<any>[],
  options?: SequenceOfOptions | null,
): SequenceQueryBuilder<any> {
  const given = checkOptions(options, 'sequenceOf', ['alias']);
  const alias = checkAlias(given.alias ?? 'item', 'sequenceOf(options).alias');
  const entities = typeof target === 'string' ? getSequencedTargets(target) : [...target];
  if (typeof target === 'string' && entities.length === 0) {
    throw new UnsupportedOperationError(
      `No entity is registered for the sequence '${target}'. Decorate entities with ` +
        `@Sequenced({ sequence: '${target}' }) (or call sequenced(entity, { sequence: '${target}' }) for an ` +
        `EntitySchema) and make sure their files are imported.`,
    );
  }
  const dataSource = dataSourceOfSource(source);
  const builders = entities.map((entity) => {
    if (!dataSource.hasMetadata(entity)) {
      const name = typeof entity === 'string' ? entity : targetName(entity as SequencedTarget);
      throw new UnsupportedOperationError(
        `${name} is not an entity of this DataSource: add it to the DataSource's entities.`,
      );
    }
    return source.getRepository(entity).createQueryBuilder(alias);
  });
  return SequenceQueryBuilder.from(...builders);
}
