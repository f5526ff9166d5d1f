import { unseekedPart } from '../planning/branch-parts';
import type { KeyRow } from './hydrate';

/**
 * LIMITs for each branch part of stream()'s batches, learned from the batches before. With every part
 * limited to the whole batch, the database reads and sorts builders × batch rows to return one batch;
 * most parts give far fewer (three builders give a third each; a seek's NULL part nothing until the
 * end). A smaller LIMIT is safe because its cost is visible: a part that returned as many rows as its
 * LIMIT may have more, which could sort before rows after its last one, so the batch is cut there
 * (`validRows`) and the next one continues from the cut, with that part's LIMIT back to the whole batch.
 */
export class BranchLimits {
  private readonly next = new Map<string, number>();
  private readonly asked = new Map<string, number>();

  /** The smallest LIMIT a part gets, however little it gave before; small batches are not limited at all. */
  private readonly least: number;

  constructor(private readonly batchSize: number) {
    this.least = Math.max(Math.ceil(batchSize / 16), Math.min(batchSize, 8));
  }

  /** The LIMIT of a part in the coming batch (the whole batch when nothing is known yet). */
  readonly limitOf = (part: string): number => {
    // A seek's value part continues what the builder's unseeked part gave in the first batch.
    const known = this.next.get(part) ?? this.next.get(unseekedPart(part));
    const limit = Math.min(known ?? this.batchSize, this.batchSize);
    this.asked.set(part, limit);
    return limit;
  };

  /**
   * The rows of a batch that are certainly in order: up to the last row of the first part that returned
   * its whole LIMIT (all, if none did). `exhausted` says whether no part can have more rows.
   */
  validRows(
    rows: readonly KeyRow[],
    partOf: (row: KeyRow) => string,
  ): { rows: readonly KeyRow[]; exhausted: boolean } {
    const parts = rows.map(partOf);
    const counts = new Map<string, number>();
    for (const part of parts) counts.set(part, (counts.get(part) ?? 0) + 1);
    let cut = rows.length;
    const full = new Set<string>();
    for (const [part, limit] of this.asked) {
      if ((counts.get(part) ?? 0) < limit) continue;
      full.add(part);
      for (let i = rows.length - 1; i >= 0; i--) {
        if (parts[i] === part) {
          cut = Math.min(cut, i + 1);
          break;
        }
      }
    }
    const valid = rows.slice(0, cut);
    const used = new Map<string, number>();
    for (const part of parts.slice(0, cut)) used.set(part, (used.get(part) ?? 0) + 1);
    for (const part of this.asked.keys()) {
      // A part that ran out gets the whole batch next (one cut per change in the data, not one per
      // doubling); the others what they gave plus three standard deviations of a count that size.
      const gave = used.get(part) ?? 0;
      const wanted = full.has(part) ? this.batchSize : Math.ceil(gave + 3 * Math.sqrt(gave));
      this.next.set(part, Math.max(this.least, wanted));
    }
    this.asked.clear();
    return { rows: valid, exhausted: full.size === 0 };
  }
}
