import type { TestDatabase } from '../support/test-database';
import { Alpha, Beta, Gamma, PROPERTY_ENTITIES } from './random-entities';

/** A fixed table set for the stability specs: ties on `n` within and across entities. */
export async function loadChurnData(db: TestDatabase): Promise<void> {
  for (const entity of PROPERTY_ENTITIES) await db.dataSource.getRepository(entity).clear();
  const m = db.dataSource.manager;
  const none = { s: null, d: null };
  await m.insert(
    Alpha,
    [1, 1, 2, 3, 3, 3, 5, 8].map((n, i) => ({ id: i + 1, n, ...none })),
  );
  await m.insert(
    Beta,
    [1, 2, 3, 3, 4, 9].map((n, i) => ({ id: 'abcdef'[i], n, ...none })),
  );
  await m.insert(Gamma, [
    { a: 1, b: 1, n: 2, ...none },
    { a: 1, b: 2, n: 3, ...none },
    { a: 2, b: 1, n: 3, ...none },
    { a: 2, b: 2, n: 7, ...none },
  ]);
}

/**
 * The database's own order of every row, by `n` then '#' then primary key (all in `order`): a
 * hand-written UNION ALL over the three tables, labelled like propertyLabel().
 */
export async function churnOracle(db: TestDatabase, order: 'ASC' | 'DESC'): Promise<string[]> {
  const q = (name: string) => db.q(name);
  const pg = db.dialect === 'postgres';
  const nullInt = pg ? 'CAST(NULL AS integer)' : 'NULL';
  const nullText = pg ? 'CAST(NULL AS varchar)' : 'NULL';
  const rows = await db.query(
    `SELECT idx, pa, pb, ga, gb FROM (` +
      `SELECT 0 AS idx, id AS pa, ${nullText} AS pb, ${nullInt} AS ga, ${nullInt} AS gb, n FROM ${q('prop_alpha')} ` +
      `UNION ALL SELECT 1, ${nullInt}, id, ${nullInt}, ${nullInt}, n FROM ${q('prop_beta')} ` +
      `UNION ALL SELECT 2, ${nullInt}, ${nullText}, a, b, n FROM ${q('prop_gamma')}` +
      `) u ORDER BY n ${order}, idx ${order}, pa ${order}, pb ${order}, ga ${order}, gb ${order}`,
  );
  return rows.map((r) => {
    const idx = Number(r.idx);
    return idx === 0 ? `Alpha:${r.pa}` : idx === 1 ? `Beta:${r.pb}` : `Gamma:${r.ga}-${r.gb}`;
  });
}

export async function deleteRow(db: TestDatabase, labelled: string): Promise<void> {
  const [entity, key] = labelled.split(':');
  if (entity === 'Alpha') await db.dataSource.getRepository(Alpha).delete({ id: Number(key) });
  else if (entity === 'Beta') await db.dataSource.getRepository(Beta).delete({ id: key });
  else {
    const [a, b] = key.split('-').map(Number);
    await db.dataSource.getRepository(Gamma).delete({ a, b });
  }
}

/**
 * Changes the data under a walk, between two fetches: inserts rows that tie with the last row seen
 * (`cursor`), sort just before and just after it, deletes a row not seen yet and a row already seen
 * (on step 2, the cursor's own row). Which side of the cursor a new row falls on is read from the
 * database's order, not from the code under test.
 */
export class Churn {
  readonly initial: string[] = [];
  readonly insertedAhead = new Set<string>();
  readonly insertedBehind = new Set<string>();
  readonly deletedSeen = new Set<string>();
  readonly deletedUnseen = new Set<string>();
  private steps = 0;

  /** `order`: the direction the walk visits rows in, as an ORDER BY over `n`, '#', primary key. */
  constructor(
    private readonly db: TestDatabase,
    private readonly order: 'ASC' | 'DESC',
    private readonly maxSteps = 6,
  ) {}

  async start(): Promise<void> {
    await loadChurnData(this.db);
    this.initial.push(...(await churnOracle(this.db, this.order)));
  }

  /** `cursor`: the label of the last row the walk saw, with its `n`; `seen`: every label seen so far. */
  async step(cursor: string, n: number, seen: readonly string[]): Promise<void> {
    if (this.steps >= this.maxSteps) return; // then let the walk finish on data that holds still
    const k = ++this.steps;
    const m = this.db.dataSource.manager;
    const none = { s: null, d: null };
    const added = [`Alpha:${100 + k}`, `Beta:y${k}`, `Gamma:${10 + k}-1`, `Beta:z${k}`];
    await m.insert(Alpha, { id: 100 + k, n, ...none });
    await m.insert(Beta, { id: `y${k}`, n: n - 1, ...none });
    await m.insert(Gamma, { a: 10 + k, b: 1, n: n + 1, ...none });
    await m.insert(Beta, { id: `z${k}`, n, ...none });
    const now = await churnOracle(this.db, this.order);
    const at = now.indexOf(cursor);
    if (at < 0) throw new Error(`churn: the cursor's row ${cursor} is gone`);
    for (const label of added)
      (now.indexOf(label) > at ? this.insertedAhead : this.insertedBehind).add(label);

    const unseen = now.find((l, i) => i > at + 1 && this.initial.includes(l) && !seen.includes(l));
    if (unseen) {
      await deleteRow(this.db, unseen);
      this.deletedUnseen.add(unseen);
    }
    const done = k === 2 ? cursor : seen.find((l) => this.initial.includes(l) && !this.deletedSeen.has(l));
    if (done) {
      await deleteRow(this.db, done);
      this.deletedSeen.add(done);
    }
  }

  /** Checks a finished walk (labels in the order the walk gave them, in the walk's direction). */
  expectWalk(walked: readonly string[]): void {
    expect(this.steps).toBeGreaterThan(2);
    expect(this.deletedUnseen.size).toBeGreaterThan(0);
    expect(this.insertedAhead.size).toBeGreaterThan(0);
    expect(this.insertedBehind.size).toBeGreaterThan(0);
    // No row twice.
    expect(walked.filter((l, i) => walked.indexOf(l) !== i)).toEqual([]);
    // Every row that existed throughout, exactly once, in the original order.
    const survivors = this.initial.filter((l) => !this.deletedSeen.has(l) && !this.deletedUnseen.has(l));
    expect(walked.filter((l) => survivors.includes(l))).toEqual(survivors);
    // Rows seen before they were deleted stay seen; rows deleted before their turn never come.
    expect([...this.deletedSeen].filter((l) => !walked.includes(l))).toEqual([]);
    expect([...this.deletedUnseen].filter((l) => walked.includes(l))).toEqual([]);
    // New rows ahead of the walk come (once, in their place); new rows behind it do not.
    expect([...this.insertedAhead].filter((l) => !walked.includes(l))).toEqual([]);
    expect([...this.insertedBehind].filter((l) => walked.includes(l))).toEqual([]);
  }

  /** The order of the rows present now, for checking that the walk's new rows are in place. */
  async expectInPlace(walked: readonly string[]): Promise<void> {
    const now = await churnOracle(this.db, this.order);
    expect(walked.filter((l) => now.includes(l))).toEqual(now.filter((l) => walked.includes(l)));
  }
}
