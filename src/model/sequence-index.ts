/** The key that names a builder's place in the sequence, in conditions, ordering and projections. */
export const SEQUENCE_INDEX = '#';

const indexes = new WeakMap<object, number>();

export function markSequenceIndex(entity: object, index: number): void {
  indexes.set(entity, index);
}

/** The `#` of the builder an entity returned by a sequence came from (the entity itself is left as is). */
export function sequenceIndexOf(entity: object): number | undefined {
  return indexes.get(entity);
}
