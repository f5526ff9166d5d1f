import { SequenceError } from './sequence-error';

/** An order key that the entities of a sequence cannot share (different default order, column types...). */
export class IncompatibleOrderingError extends SequenceError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`Cannot order the sequence by '${path}': ${message}`);
  }
}
