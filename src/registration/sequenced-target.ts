import type { EntitySchema } from 'typeorm';
import type { SequencedTarget } from './sequenced-options';

/** An `EntitySchema` (checked by shape: the application may hold another copy of TypeORM). */
export function isEntitySchema(target: unknown): target is EntitySchema<any> {
  const options = (target as EntitySchema<any> | null)?.options;
  return (
    typeof target === 'object' && !!options && typeof options === 'object' && typeof options.name === 'string'
  );
}

/**
 * What TypeORM's metadata names as the entity's `target`: the class, or for an `EntitySchema` its `target`
 * option, else its name. Registrations are looked up by it.
 */
export function metadataTargetOf(target: SequencedTarget): Function | string {
  return isEntitySchema(target) ? (target.options.target ?? target.options.name) : target;
}

/** The name the entity goes by: the class name, or the schema's name. */
export function targetName(target: SequencedTarget): string {
  return isEntitySchema(target) ? target.options.name : target.name;
}
