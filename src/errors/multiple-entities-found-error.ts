import { SequenceError } from './sequence-error';

/** `getUnique()` found more than one row; `entities` names the classes of the first two. */
export class MultipleEntitiesFoundError extends SequenceError {
  /** @param entities - the entity class names of the rows found. */
  constructor(
    /** The entity class names of the rows found (two at most: getUnique() reads no further). */
    readonly entities: readonly string[],
  ) {
    super(
      `Expected exactly one entity in the sequence but found more (${entities.join(', ')}). ` +
        `Narrow the conditions, or use getOne() to take the first.`,
    );
  }
}
