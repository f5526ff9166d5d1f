/**
 * Base class of the errors this package throws, with two exceptions (README "Errors"): a count out of its range
 * (`skip(-1)`, `take(1.5)`, `paginate({ first: NaN })`, `stream({ batchSize: 0 })`…) is a `RangeError`, as
 * JavaScript's own APIs answer, and where TypeORM already has a class the package throws TypeORM's
 * (`EntityNotFoundError` from `getOneOrFail()`, `getUnique()`, `getLatest()`…). Every other mistake is one of
 * its subclasses: {@link InvalidArgumentError}, {@link UnknownFieldError}, {@link IncompatibleOrderingError},
 * {@link UnsupportedOperationError}, {@link InvalidCursorError}, {@link MultipleEntitiesFoundError}. `name` is
 * the subclass's name, and `instanceof` works for each.
 *
 * @example
 * ```ts
 * try {
 *   await seq.orderBy(req.query.sort as any).getMany();
 * } catch (error) {
 *   if (error instanceof SequenceError) return res.status(400).json({ message: error.message });
 *   throw error;
 * }
 * ```
 */
export class SequenceError extends Error {
  /** @param message - what went wrong and what to do instead. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
