/**
 * The key that names a builder's place (its `#`) in the sequence, in conditions, ordering and projections.
 *
 * @example
 * ```ts
 * seq.where({ [SEQUENCE_INDEX]: In([0, 2]) }).orderBy(SEQUENCE_INDEX, 'DESC');
 * ```
 */
export const SEQUENCE_INDEX = '#';

const indexes = new WeakMap<object, number>();

export function markSequenceIndex(entity: object, index: number): void {
  indexes.set(entity, index);
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
  return indexes.get(entity);
}
