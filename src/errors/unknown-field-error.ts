import { SequenceError } from './sequence-error';

/** A property path that is not on every entity of the sequence. */
export class UnknownFieldError extends SequenceError {
  constructor(
    readonly field: string,
    readonly entity: string,
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
