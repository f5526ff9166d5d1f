import { SequenceError } from './sequence-error';

/**
 * The installed TypeORM lacks a non-public member this package relies on, or has it in a shape this
 * package does not know (a TypeORM release it was not checked against). `member` names the member,
 * `typeormVersion` the installed TypeORM; the message says what to do. Thrown by
 * `SequenceQueryBuilder.from()` (and so `sequenceOf()`) for the first builder of each DataSource, before any SQL.
 *
 * @example
 * ```ts
 * // on a TypeORM release whose builders lack a member this package relies on:
 * sequenceOf(ds, [Book, Article]);
 * // UnsupportedTypeormError: TypeORM 2.0.0: SelectQueryBuilder.expressionMap … install one of those, …
 * ```
 */
export class UnsupportedTypeormError extends SequenceError {
  /**
   * @param member - the TypeORM member, e.g. `'SelectQueryBuilder.expressionMap'`.
   * @param typeormVersion - the installed TypeORM's version.
   * @param problem - what is wrong with the member.
   */
  constructor(
    /** The TypeORM member that is missing or has an unknown shape. */
    readonly member: string,
    /** The installed TypeORM's version (from its package.json). */
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
