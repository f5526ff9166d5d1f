import { LessThan } from 'typeorm';
import type { SequenceQueryBuilder, WriteResult } from '../../src';
import { describeShape, foundRows, sequence } from './describe-shape';
import { Draft, Memo } from './entities/soft-delete';
import type { ShapeDatabase } from './shape-database';

/*
 * withDeleted(), softDelete() and restore() are names fixed by the API contract (section 10 of
 * ../shared/API.md, outside this repository); they are reached through this
 * view so that the file compiles before they exist (they then fail as "not a function").
 */
interface SoftDeleting {
  withDeleted(): SequenceQueryBuilder<any>;
  softDelete(): Promise<WriteResult>;
  restore(): Promise<WriteResult>;
}
const soft = (seq: SequenceQueryBuilder<any>) => seq as unknown as SoftDeleting;

const priorities = [3, 1, 3, 2, 1];

describeShape(
  {
    title: 'soft delete (@DeleteDateColumn), some rows soft-deleted',
    model: () => ({
      entities: [Draft, Memo],
      members: [
        { target: Draft, name: 'Draft' },
        { target: Memo, name: 'Memo' },
      ],
    }),
    async seed(ds) {
      // Soft-deleted at a fixed time (not softDelete()'s clock), so that every reseed has the same rows.
      const at = (deleted: boolean) => (deleted ? new Date('2024-05-06T07:08:09.000Z') : null);
      await ds
        .getRepository(Draft)
        .insert(
          priorities.map((priority, i) => ({ id: i + 1, priority, deletedAt: at(i === 1 || i === 2) })),
        );
      await ds
        .getRepository(Memo)
        .insert(priorities.slice(1).map((priority, i) => ({ id: i + 1, priority, removedAt: at(i === 0) })));
    },
    fields: ['priority'],
    filter: { priority: LessThan(3) },
    update: { priority: 0 },
  },
  (db) => describeSoftDelete(db),
);

function describeSoftDelete(db: ShapeDatabase): void {
  const label = Object.keys;

  it('leaves soft-deleted rows out, as find() does; withDeleted() orders them in as the database does', async () => {
    const visible = await foundRows(db);
    const all = await foundRows(db, undefined, true);
    expect(label(all).length).toBeGreaterThan(label(visible).length);
    expect(await sequence(db).getCount()).toBe(label(visible).length);
    expect(await soft(sequence(db)).withDeleted().getCount()).toBe(label(all).length);
    for (const order of ['ASC', 'DESC'] as const) {
      const expected = await db.oracle({ field: 'priority', order, withDeleted: true });
      const seq = soft(sequence(db)).withDeleted().orderBy('priority', order);
      expect((await seq.getMany()).map((e) => db.label(e))).toEqual(expected);
      const streamed: string[] = [];
      for await (const row of seq.stream({ batchSize: 2 })) streamed.push(db.label(row));
      expect(streamed).toEqual(expected);
    }
  });

  it("softDelete() on where(filter) hides exactly find()'s rows; restore() with withDeleted() brings every row back", async () => {
    await db.reseed();
    const before = label(await foundRows(db));
    const all = label(await foundRows(db, undefined, true));
    const matching = label(await foundRows(db, db.shape.filter));
    expect(matching.length).toBeGreaterThan(0);
    const deleted = await soft(sequence(db).where(db.shape.filter)).softDelete();
    expect(deleted.affected).toBe(matching.length);
    expect(label(await foundRows(db)).sort()).toEqual(before.filter((l) => !matching.includes(l)).sort());
    expect(label(await foundRows(db, undefined, true)).sort()).toEqual([...all].sort());

    const restored = await soft(soft(sequence(db)).withDeleted()).restore();
    expect(restored.affected).toBe(all.length - before.length + matching.length);
    expect(label(await foundRows(db)).sort()).toEqual([...all].sort());
  });
}
