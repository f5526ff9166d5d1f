import { SequenceError } from './sequence-error';

/**
 * The installed TypeORM lacks a non-public member this package relies on, or has it in a shape this
 * package does not know (a TypeORM release it was not checked against). `member` names the member,
 * `typeormVersion` the installed TypeORM; the message says what to do.
 */
export class UnsupportedTypeormError extends SequenceError {
  constructor(
    readonly member: string,
    readonly typeormVersion: string,
    problem: string,
  ) {
    super(
      `TypeORM ${typeormVersion}: ${member} ${problem}. typeorm-query-sequence relies on this TypeORM ` +
        `member and supports TypeORM 0.3.x and 1.x: install one of those, or report the TypeORM version ` +
        `in an issue of typeorm-query-sequence.`,
    );
  }
}
