import { InvalidArgumentError, UnsupportedOperationError } from '../errors';
import { shown } from '../metadata/names';
import { isFindOperator } from './find-operator';

const SUPPORTED =
  'an integer, Equal, In, Not, MoreThan, MoreThanOrEqual, LessThan, LessThanOrEqual or Between';

/** Does the builder with this `#` satisfy a `'#'` condition? Throws for operators that make no sense on `#`. */
export function matchesIndex(condition: unknown, index: number): boolean {
  if (!isFindOperator(condition)) return index === numberOf(condition);
  const op = condition as any;
  const value = op.value;
  switch (op.type) {
    case 'equal':
      return index === numberOf(value);
    case 'in':
      return listOf(value, 'In').map(numberOf).includes(index);
    case 'moreThan':
      return index > numberOf(value);
    case 'moreThanOrEqual':
      return index >= numberOf(value);
    case 'lessThan':
      return index < numberOf(value);
    case 'lessThanOrEqual':
      return index <= numberOf(value);
    case 'between': {
      const [low, high] = listOf(value, 'Between');
      return index >= numberOf(low) && index <= numberOf(high);
    }
    case 'not':
      return op.child ? !matchesIndex(op.child, index) : index !== numberOf(value);
    default:
      throw new UnsupportedOperationError(
        `The operator '${op.type}' cannot be used on '#' (the builder's place in the sequence). Use ${SUPPORTED}.`,
      );
  }
}

/** A builder index compared with `#`: an integer (1.5, NaN, Infinity or '1' would silently match nothing). */
function numberOf(value: unknown): number {
  if (Number.isSafeInteger(value)) return value as number;
  if (isFindOperator(value)) {
    throw new UnsupportedOperationError(`Nested operators on '#' other than Not(...) are not supported.`);
  }
  throw new InvalidArgumentError(
    "where({ '#' })",
    `'#' compares builder indexes, which are integers (0, 1, 2…); got ${describe(value)}.`,
  );
}

function listOf(value: unknown, operator: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new InvalidArgumentError("where({ '#' })", `${operator}(...) on '#' takes an array of integers.`);
}

function describe(value: unknown): string {
  return isFindOperator(value) ? (value as any).type : shown(value);
}
