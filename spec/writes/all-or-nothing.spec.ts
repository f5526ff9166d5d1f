import { Book } from '../../entities';
import { SequenceError, sequenceOf } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { changedLabels, reset, tableState } from './write-helpers';

class Rollback extends Error {}

describeEachDialect('writes: all or nothing, and inside a transaction', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');

  beforeEach(() => reset(db, seed));

  it('update({ pages: -1 }) fails on BlogPost (CHECK pages >= 0) and leaves Book and Article unchanged', async () => {
    const before = await tableState(db);
    const error = await pubs()
      .update({ pages: -1 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    // The database's own error, not one of the package's.
    expect(error).not.toBeInstanceOf(SequenceError);
    const after = await tableState(db);
    expect(changedLabels(before, after)).toEqual([]);
    expect(Object.values(after).every((row) => row.pages >= 0)).toBe(true);
  });

  it('the failed write leaves the connection usable: a later valid update applies', async () => {
    await expect(pubs().update({ pages: -1 })).rejects.toBeInstanceOf(Error);
    const result = await pubs().where({ '#': 1 }).update({ pages: 11 });
    expect(result.affected).toBe(5);
    const after = await tableState(db);
    expect(
      Object.keys(after)
        .filter((l) => after[l].pages === 11)
        .sort(),
    ).toEqual(['Article:1', 'Article:2', 'Article:3', 'Article:4', 'Article:5']);
  });

  it('a failing BlogPost update rolls back Book rows even when only some rows would fail', async () => {
    const before = await tableState(db);
    // Every selected row gets -1: Book 4 (#0) first, then BlogPost 'zz' (#2), which violates the CHECK.
    const seq = pubs().where('item.title IN (:...t)', { t: ['Émile et les autres', 'zebra'] });
    await expect(seq.update({ pages: -1 })).rejects.toBeInstanceOf(Error);
    expect(changedLabels(before, await tableState(db))).toEqual([]);
  });

  it('inside ds.transaction(), sequenceOf(manager) writes in that transaction and is rolled back with it', async () => {
    const before = await tableState(db);
    let seenInside: number[] = [];
    const run = db.dataSource.transaction(async (manager) => {
      const result = await sequenceOf(manager, 'publications').where({ '#': 0 }).update({ pages: 7 });
      expect(result.affected).toBe(6);
      seenInside = (await manager.query(`SELECT pages FROM ${db.q('book')}`)).map((r: any) =>
        Number(r.pages),
      );
      throw new Rollback('undo');
    });
    await expect(run).rejects.toBeInstanceOf(Rollback);
    expect(seenInside).toEqual([7, 7, 7, 7, 7, 7]);
    expect(changedLabels(before, await tableState(db))).toEqual([]);
  });

  it('inside a transaction that commits, the write stays', async () => {
    const before = await tableState(db);
    await db.dataSource.transaction(async (manager) => {
      const result = await sequenceOf(manager, 'publications')
        .where({ title: 'delta' })
        .update({ pages: 13 });
      expect(result).toEqual(expect.objectContaining({ affected: 1 }));
    });
    const after = await tableState(db);
    expect(changedLabels(before, after)).toEqual(['Article:4']);
    expect(after['Article:4'].pages).toBe(13);
  });

  it('delete() inside a transaction is rolled back with it', async () => {
    const before = await tableState(db);
    const run = db.dataSource.transaction(async (manager) => {
      const result = await sequenceOf(manager, 'publications').where('item.pages < :n', { n: 100 }).delete();
      expect(result.affected).toBe(11);
      const left = await manager.getRepository(Book).count();
      expect(left).toBe(5);
      throw new Rollback('undo');
    });
    await expect(run).rejects.toBeInstanceOf(Rollback);
    expect(changedLabels(before, await tableState(db))).toEqual([]);
  });
});
