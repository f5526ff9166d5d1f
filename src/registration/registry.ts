import type { SequencedEntry } from './sequenced-options';

const entries = new Map<Function, SequencedEntry>();

export function register(entry: SequencedEntry): void {
  entries.set(entry.target, entry);
}

export function findSequencedEntry(target: Function): SequencedEntry | undefined {
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
  return a.target.name < b.target.name ? -1 : a.target.name > b.target.name ? 1 : 0;
}

/** The entities registered under a named sequence, in `#` order (never import order). */
export function getSequencedEntities(sequence: string): Function[] {
  return [...entries.values()]
    .filter((entry) => entry.sequences.includes(sequence))
    .sort(byPositionThenName)
    .map((entry) => entry.target);
}
