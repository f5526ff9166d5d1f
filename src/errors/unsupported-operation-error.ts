import { SequenceError } from './sequence-error';

/** An operation that cannot work on this sequence; the message says what to do instead. */
export class UnsupportedOperationError extends SequenceError {}
