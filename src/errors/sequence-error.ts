/** Base class of every error this package throws (TypeORM's own classes excepted). */
export class SequenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
