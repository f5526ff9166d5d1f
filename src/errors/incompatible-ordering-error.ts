import { SequenceError } from './sequence-error';

/**
 * An order key that the entities of a sequence cannot share: a relation ordered differently on each entity,
 * columns of types that do not compare, enums with no one order, `latestBy` defaults that differ… Thrown by
 * `orderBy()`/`addOrderBy()` (and `getLatest()`/`getEarliest()`) before any SQL.
 */
export class IncompatibleOrderingError extends SequenceError {
  /**
   * @param path - the order key's path.
   * @param message - why the entities cannot share it.
   */
  constructor(
    /** The order key's property path. */
    readonly path: string,
    message: string,
  ) {
    super(`Cannot order the sequence by '${path}': ${message}`);
  }
}
