import { SequenceError } from './sequence-error';

/**
 * A property path that is not on every entity of the sequence (in a condition, an order key, a projection, a
 * join…), thrown before any SQL. The message lists the fields every entity has.
 *
 * @example
 * ```ts
 * sequenceOf(ds, [Book, Article]).orderBy('isbn' as any);
 * // UnknownFieldError: Unknown field 'isbn' on Article. A sequence can only use fields every entity has: …
 * ```
 */
export class UnknownFieldError extends SequenceError {
  /**
   * @param field - the path refused.
   * @param entity - the entity that lacks it.
   * @param commonFields - the fields every entity has.
   * @param detail - more on why, if any.
   */
  constructor(
    /** The path refused. */
    readonly field: string,
    /** The name of an entity that lacks it. */
    readonly entity: string,
    /** The fields every entity of the sequence has. */
    readonly commonFields: readonly string[],
    detail?: string,
  ) {
    super(
      `Unknown field '${field}' on ${entity}` +
        (detail ? ` (${detail})` : '') +
        `. A sequence can only use fields every entity has: ${commonFields.join(', ') || '(none)'}. ` +
        `For a field only some entities have, pass a function condition (qb, alias, index) => ... ` +
        `or filter with '#'.`,
    );
  }
}
