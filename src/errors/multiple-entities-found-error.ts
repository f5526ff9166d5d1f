import { SequenceError } from './sequence-error';

/** `getUnique()` found more than one row. */
export class MultipleEntitiesFoundError extends SequenceError {
  constructor(readonly entities: readonly string[]) {
    super(
      `Expected exactly one entity in the sequence but found more (${entities.join(', ')}). ` +
        `Narrow the conditions, or use getOne() to take the first.`,
    );
  }
}
