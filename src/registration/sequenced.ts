import { register } from './registry';
import type { SequencedOptions } from './sequenced-options';

const asList = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? [...value] : [value];

/** Registers an entity class for named sequences and `getLatest()` defaults. */
export function Sequenced(options: SequencedOptions = {}): ClassDecorator {
  if (options.position !== undefined && !Number.isInteger(options.position)) {
    throw new RangeError(`@Sequenced: position must be an integer, got ${options.position}`);
  }
  return (target) => {
    register({
      target,
      sequences: Object.freeze(asList(options.sequence) ?? []),
      latestBy: asList(options.latestBy) && Object.freeze(asList(options.latestBy)!),
      position: options.position,
    });
  };
}
