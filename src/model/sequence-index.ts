/**
 * The key that names a builder's place (its `#`) in the sequence, in conditions, ordering and projections.
 *
 * @example
 * ```ts
 * seq.where({ [SEQUENCE_INDEX]: In([0, 2]) }).orderBy(SEQUENCE_INDEX, 'DESC');
 * ```
 */
export const SEQUENCE_INDEX = '#';

/**
 * The mark: a non-enumerable symbol property, invisible to JSON, `Object.keys`, spread, `Object.assign`
 * and Jest's `toEqual` (a WeakMap entry per entity cost twice as much: about 1 µs an entity in a stream of
 * 300,000). An entity that cannot take a property (frozen by an @AfterLoad listener) is kept in a WeakMap.
 */
const MARK = Symbol('typeorm-query-sequence index');
const descriptors: PropertyDescriptor[] = [];
const frozen = new WeakMap<object, number>();

export function markSequenceIndex(entity: object, index: number): void {
  if (!Object.isExtensible(entity)) {
    frozen.set(entity, index);
    return;
  }
  descriptors[index] ??= Object.freeze({
    value: index,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  Object.defineProperty(entity, MARK, descriptors[index]);
}

/**
 * The `#` of the builder an entity returned by a sequence came from; the entity itself is left as is (its
 * JSON is what TypeORM gives).
 *
 * @param entity - an entity returned by a sequence.
 * @returns Its builder's `#`, or undefined for an object no sequence returned.
 *
 * @example
 * ```ts
 * for (const item of await seq.getMany()) console.log(sequenceIndexOf(item), item.title); // 0 for Books, 1 for Articles
 * ```
 */
export function sequenceIndexOf(entity: object): number | undefined {
  if (entity === null || (typeof entity !== 'object' && typeof entity !== 'function')) return undefined;
  return (entity as { [MARK]?: number })[MARK] ?? frozen.get(entity);
}
