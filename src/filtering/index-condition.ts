import { UnsupportedOperationError } from '../errors';
import { isFindOperator } from './find-operator';

const SUPPORTED = 'a number, Equal, In, Not, MoreThan, MoreThanOrEqual, LessThan, LessThanOrEqual or Between';

/** Does the builder with this `#` satisfy a `'#'` condition? Throws for operators that make no sense on `#`. */
export function matchesIndex(condition: unknown, index: number): boolean {
  if (typeof condition === 'number') return index === condition;
  if (!isFindOperator(condition)) {
    throw new UnsupportedOperationError(`A '#' condition takes ${SUPPORTED}; got ${describe(condition)}.`);
  }
  const op = condition as any;
  const value = op.value;
  switch (op.type) {
    case 'equal':
      return index === numberOf(value);
    case 'in':
      return (value as unknown[]).map(numberOf).includes(index);
    case 'moreThan':
      return index > numberOf(value);
    case 'moreThanOrEqual':
      return index >= numberOf(value);
    case 'lessThan':
      return index < numberOf(value);
    case 'lessThanOrEqual':
      return index <= numberOf(value);
    case 'between':
      return index >= numberOf(value[0]) && index <= numberOf(value[1]);
    case 'not':
      return op.child ? !matchesIndex(op.child, index) : index !== numberOf(value);
    default:
      throw new UnsupportedOperationError(
        `The operator '${op.type}' cannot be used on '#' (the builder's place in the sequence). Use ${SUPPORTED}.`,
      );
  }
}

function numberOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (isFindOperator(value)) {
    throw new UnsupportedOperationError(`Nested operators on '#' other than Not(...) are not supported.`);
  }
  throw new UnsupportedOperationError(
    `A '#' condition compares builder indexes (numbers); got ${describe(value)}.`,
  );
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `'${value}'`
    : isFindOperator(value)
      ? (value as any).type
      : String(value);
}
