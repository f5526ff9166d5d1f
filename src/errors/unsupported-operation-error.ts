import { SequenceError } from './sequence-error';

/**
 * An operation that cannot work on this sequence (`distinct()` over two builders of one entity, a write on a
 * paged sequence, `interleave()` across DataSources, a builder already paged, an unsupported driver…); the
 * message says what to do instead.
 */
export class UnsupportedOperationError extends SequenceError {}
