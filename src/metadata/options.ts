import { InvalidArgumentError } from '../errors';
import { shown } from './names';

const NOTHING_REFUSED: ReadonlyMap<string, string> = new Map();

/**
 * The options object of `method`, checked before any SQL: `null`/`undefined` mean no options; anything but
 * an object, or a key not in `known`, is an InvalidArgumentError naming the method and the key (a key in
 * `refused` with its own reason: a TypeORM option a sequence cannot honour, say).
 */
export function checkOptions<O extends object>(
  options: O | null | undefined,
  method: string,
  known: readonly string[],
  refused: ReadonlyMap<string, string> = NOTHING_REFUSED,
): Partial<O> {
  const argument = `${method}(options)`;
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(
      argument,
      `options must be an object such as { ${known.join(', ')} }, got ${shown(options)}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const reason = refused.get(key);
    throw new InvalidArgumentError(
      argument,
      reason
        ? `${shown(key)} is not supported on a sequence: ${reason}`
        : `unknown option ${shown(key)} (known: ${known.join(', ')}).`,
    );
  }
  return options;
}

/** An option that must be a boolean when given. */
export function checkBooleanOption(value: unknown, method: string, key: string): boolean | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  throw new InvalidArgumentError(`${method}(options).${key}`, `expected true or false, got ${shown(value)}.`);
}
