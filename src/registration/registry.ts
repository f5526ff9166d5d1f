import type { SequencedEntry, SequencedTarget } from './sequenced-options';
import { metadataTargetOf, targetName } from './sequenced-target';

/** Registrations by the entity's metadata target: a class, or the name of an EntitySchema without one. */
const entries = new Map<Function | string, SequencedEntry>();

export function register(entry: SequencedEntry): void {
  entries.set(metadataTargetOf(entry.target), entry);
}

/** The registration of an entity, looked up by its metadata's `target` (a class or a schema's name). */
export function findSequencedEntry(target: Function | string): SequencedEntry | undefined {
  if (typeof target === 'string') return entries.get(target);
  // Subclasses inherit the registration of the nearest decorated ancestor.
  for (let t: any = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) {
    const entry = entries.get(t);
    if (entry) return entry;
  }
  return undefined;
}

function byPositionThenName(a: SequencedEntry, b: SequencedEntry): number {
  if (a.position !== undefined && b.position !== undefined && a.position !== b.position) {
    return a.position - b.position;
  }
  if (a.position !== undefined) return -1;
  if (b.position !== undefined) return 1;
  const [x, y] = [targetName(a.target), targetName(b.target)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The entities registered under a named sequence, in `#` order (never import order): classes and
 * EntitySchemas as they were registered.
 */
export function getSequencedTargets(sequence: string): SequencedTarget[] {
  return [...entries.values()]
    .filter((entry) => entry.sequences.includes(sequence))
    .sort(byPositionThenName)
    .map((entry) => entry.target);
}

/**
 * The entities registered under a named sequence, in `#` order: positioned ones first, by position, then
 * the rest by class name, never by import order. Typed `Function[]` as the API contract fixes it; an
 * EntitySchema registered with `sequenced()` is listed as the schema object itself.
 *
 * @param sequence - the sequence's name.
 * @returns The entities, `[]` for a name nothing is registered under.
 *
 * @example
 * ```ts
 * getSequencedEntities('publications'); // [Book, Article, BlogPost]
 * ```
 */
export function getSequencedEntities(sequence: string): Function[] {
  return getSequencedTargets(sequence) as Function[];
}
