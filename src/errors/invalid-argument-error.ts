import { SequenceError } from './sequence-error';

/**
 * An argument this package cannot take: a name or path that is not a plain identifier (or too long), an
 * option object with an unknown key or a value of the wrong type. Thrown before any SQL; `argument` names
 * the argument (`'sequenceOf(options).alias'`, `'paginate(options).secret'`…).
 */
export class InvalidArgumentError extends SequenceError {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}
