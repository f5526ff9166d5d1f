import { SequenceError } from './sequence-error';

/**
 * A malformed, tampered or foreign pagination cursor (one of another ordering, another sequence, or signed with
 * another `secret`): thrown by `paginate()` before any SQL, and safe to answer as HTTP 400.
 *
 * @example
 * ```ts
 * try {
 *   return await seq.paginate({ first: 20, after: req.query.after, secret });
 * } catch (error) {
 *   if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
 *   throw error;
 * }
 * ```
 */
export class InvalidCursorError extends SequenceError {
  /** The HTTP status this error stands for: 400 Bad Request. */
  readonly status = 400;
  /** @param reason - why the cursor is refused. */
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
  }
}
