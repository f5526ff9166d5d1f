import { SequenceError } from './sequence-error';

/**
 * An argument this package cannot take: a name or path that is not a plain identifier (or too long), an
 * option object with an unknown key or a value of the wrong type, a condition that is not one. Thrown before
 * any SQL. (A count out of its range is a `RangeError` instead: README "Errors".)
 *
 * @example
 * ```ts
 * sequenceOf(ds, [Book, Article], { alias: 'item; DROP TABLE book' });
 * // InvalidArgumentError: sequenceOf(options).alias: …
 * ```
 */
export class InvalidArgumentError extends SequenceError {
  /**
   * @param argument - the argument, as the caller wrote it.
   * @param message - what is wrong with it and what to give instead.
   */
  constructor(
    /** The argument refused: `'sequenceOf(options).alias'`, `'paginate(options).secret'`, `'where(condition)'`… */
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}
