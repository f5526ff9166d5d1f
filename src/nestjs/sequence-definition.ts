import type { EntityTarget } from 'typeorm';
import { getSequencedEntities, InvalidArgumentError, UnsupportedOperationError } from '..';

/**
 * What `SequenceModule.forFeature()` registers: the name of a sequence declared with `@Sequenced({ sequence })`,
 * or a name for an explicit list of entities (their `#` is their place in the list).
 */
export type SequenceDefinition =
  | string
  | {
      /** The name to inject it by. */
      name: string;
      /** The entities, in `#` order. */
      entities: EntityTarget<any>[];
      /** The alias of every builder (default `'item'`), for string conditions on `createQueryBuilder()`. */
      alias?: string;
    };

/** A definition checked and spelled out: `target` is what `sequenceOf()` takes. */
export interface ResolvedSequence {
  readonly name: string;
  readonly target: string | readonly EntityTarget<any>[];
  readonly entities: readonly EntityTarget<any>[];
  readonly alias?: string;
}

export function resolveSequences(definitions: readonly SequenceDefinition[]): ResolvedSequence[] {
  if (!Array.isArray(definitions)) {
    throw new InvalidArgumentError(
      'SequenceModule.forFeature(sequences)',
      `give an array of sequence names or { name, entities } objects, got ${String(definitions)}.`,
    );
  }
  const seen = new Set<string>();
  return definitions.map((definition) => {
    const resolved = resolveOne(definition);
    if (seen.has(resolved.name)) {
      throw new InvalidArgumentError(
        'SequenceModule.forFeature(sequences)',
        `the sequence '${resolved.name}' is given twice.`,
      );
    }
    seen.add(resolved.name);
    return resolved;
  });
}

function resolveOne(definition: SequenceDefinition): ResolvedSequence {
  if (typeof definition === 'string') {
    if (!definition) {
      throw new InvalidArgumentError(
        'SequenceModule.forFeature(sequences)',
        'a sequence name cannot be empty.',
      );
    }
    const entities = getSequencedEntities(definition);
    if (entities.length === 0) {
      throw new UnsupportedOperationError(
        `SequenceModule.forFeature(): no entity is registered for the sequence '${definition}'. Decorate ` +
          `entities with @Sequenced({ sequence: '${definition}' }) and import them before the module, or ` +
          `give { name: '${definition}', entities: [...] }.`,
      );
    }
    return Object.freeze({ name: definition, target: definition, entities: Object.freeze(entities) });
  }
  if (
    !definition ||
    typeof definition !== 'object' ||
    typeof definition.name !== 'string' ||
    !definition.name
  ) {
    throw new InvalidArgumentError(
      'SequenceModule.forFeature(sequences)',
      `each sequence is a name or { name, entities }, got ${String(definition)}.`,
    );
  }
  const { name, entities, alias } = definition;
  if (!Array.isArray(entities) || entities.length === 0) {
    throw new InvalidArgumentError(
      'SequenceModule.forFeature(sequences)',
      `the sequence '${name}' needs a non-empty entities array.`,
    );
  }
  const frozen = Object.freeze([...entities]);
  return Object.freeze({ name, target: frozen, entities: frozen, alias });
}
