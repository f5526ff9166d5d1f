import { SequenceError } from './sequence-error';

/** A malformed, tampered or foreign pagination cursor: safe to answer as HTTP 400. */
export class InvalidCursorError extends SequenceError {
  readonly status = 400;
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
  }
}
