import { InstanceChecker } from 'typeorm';

export function isFindOperator(value: unknown): boolean {
  return !!value && typeof value === 'object' && InstanceChecker.isFindOperator(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !isFindOperator(value) &&
    !InstanceChecker.isBrackets(value)
  );
}
