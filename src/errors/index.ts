export { SequenceError } from './sequence-error';
export { UnknownFieldError } from './unknown-field-error';
export { IncompatibleOrderingError } from './incompatible-ordering-error';
export { UnsupportedOperationError } from './unsupported-operation-error';
export { MultipleEntitiesFoundError } from './multiple-entities-found-error';
export { InvalidCursorError } from './invalid-cursor-error';
export { InvalidArgumentError } from './invalid-argument-error';
export { UnsupportedTypeormError } from './unsupported-typeorm-error';
