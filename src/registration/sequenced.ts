import { InvalidArgumentError } from '../errors';
import { register } from './registry';
import type { SequencedOptions, SequencedTarget } from './sequenced-options';
import { isEntitySchema } from './sequenced-target';

const OPTIONS = ['sequence', 'latestBy', 'position'];

/**
 * Registers an entity for named sequences and `getLatest()` defaults: the function form of `@Sequenced`,
 * for an `EntitySchema` as for a class.
 *
 * @param target - an entity class or an `EntitySchema`.
 * @param options - `{ sequence?, latestBy?, position? }`.
 * @throws {@link InvalidArgumentError} if `target` is neither, or an option is unknown or not a non-empty name.
 * @throws RangeError if `position` is not an integer.
 *
 * @example
 * ```ts
 * const PostSchema = new EntitySchema<{ id: number; title: string; release: string }>({
 *   name: 'Post',
 *   columns: { id: { type: Number, primary: true, generated: true }, title: { type: String }, release: { type: 'date' } },
 * });
 * sequenced(PostSchema, { sequence: 'feed', latestBy: 'release' });
 * ```
 */
export function sequenced(target: SequencedTarget, options: SequencedOptions = {}): void {
  if (typeof target !== 'function' && !isEntitySchema(target)) {
    throw new InvalidArgumentError(
      'sequenced(target)',
      `target must be an entity class or an EntitySchema, got ${describe(target)}.`,
    );
  }
  register({ target, ...checkedOptions(options, 'sequenced') });
}

/**
 * Registers an entity class for named sequences and `getLatest()` defaults (a class decorator; see
 * {@link sequenced} for EntitySchemas). The options are checked when the decorator is evaluated.
 *
 * @param options - `{ sequence?, latestBy?, position? }`.
 * @returns The class decorator.
 * @throws {@link InvalidArgumentError} if an option is unknown or not a non-empty name.
 * @throws RangeError if `position` is not an integer.
 *
 * @example
 * ```ts
 * @Sequenced({ sequence: 'publications', latestBy: 'release', position: 0 })
 * @Entity({ orderBy: { title: 'ASC' } })
 * export class Book {
 *   @PrimaryGeneratedColumn() id!: number;
 *   @Column() title!: string;
 *   @Column({ type: 'date', nullable: true }) release!: string | null;
 * }
 * ```
 */
export function Sequenced(options: SequencedOptions = {}): ClassDecorator {
  const checked = checkedOptions(options, '@Sequenced');
  return (target) => register({ target, ...checked });
}

function checkedOptions(options: SequencedOptions, caller: string) {
  if (!options || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `${caller}(options)`,
      `options must be an object such as { sequence: 'feed' }, got ${describe(options)}.`,
    );
  }
  const unknown = Object.keys(options).filter((key) => !OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `${caller}(options)`,
      `unknown option ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${OPTIONS.join(', ')}).`,
    );
  }
  if (options.position !== undefined && !Number.isInteger(options.position)) {
    throw new RangeError(`${caller}: position must be an integer, got ${options.position}`);
  }
  const latestBy = names(options.latestBy, 'latestBy', caller);
  return {
    sequences: Object.freeze(names(options.sequence, 'sequence', caller) ?? []),
    latestBy: latestBy && Object.freeze(latestBy),
    position: options.position,
  };
}

function names(value: string | string[] | undefined, option: string, caller: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? [...value] : [value];
  if (list.some((name) => typeof name !== 'string' || !name)) {
    throw new InvalidArgumentError(
      `${caller}(options)`,
      `${option} must be a non-empty string or an array of them, got ${describe(value)}.`,
    );
  }
  return list;
}

const describe = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? JSON.stringify(value) : String(value);
