import { MoreThan } from 'typeorm';
import { Article, Book } from '../../entities';
import { Sequenced, sequenceOf, UnsupportedOperationError } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/** A class the test DataSources do not know, registered in a sequence of its own. */
@Sequenced({ sequence: 'building-of-stranger' })
class Stranger {}

/** Thrown to roll a transaction back. */
class Rollback extends Error {}

describeEachDialect('sequenceOf', (db) => {
  beforeAll(() => seed(db));

  test('with a list of entities and an alias, every builder gets that alias', () => {
    const seq = sequenceOf(db.dataSource.manager, [Book, Article], { alias: 'x' });
    const builders = seq.getBuilders();
    expect(builders.map((qb) => qb.alias)).toEqual(['x', 'x']);
    expect(builders.map((qb) => qb.expressionMap.mainAlias!.metadata.target)).toEqual([Book, Article]);
  });

  test('one string condition over the shared alias serves every builder', async () => {
    const seq = sequenceOf(db.dataSource.manager, [Book, Article], { alias: 'x' })
      .where('x.pages > :n', { n: 6 })
      .orderBy('pages');
    expect((await seq.getMany()).map(label)).toEqual(
      await oracle(db, { tables: [0, 1], where: 't.pages > 6', orderBy: 'pages, idx, ipk' }),
    );
    expect(await seq.getCount()).toBe(
      (await oracle(db, { tables: [0, 1], where: 't.pages > 6', orderBy: 'idx' })).length,
    );
  });

  test("the default alias is 'item'", async () => {
    const seq = sequenceOf(db.dataSource, 'publications');
    expect(seq.getBuilders().map((qb) => qb.alias)).toEqual(['item', 'item', 'item']);
    const rows = await seq.where('item.pages < :n', { n: 5 }).orderBy('title').addOrderBy('pages').getMany();
    expect(rows.map(label)).toEqual(
      await oracle(db, { where: 't.pages < 5', orderBy: 'title, pages, idx, ipk, spk' }),
    );
  });

  test('a named sequence and a list of entities take the same object conditions', async () => {
    const named = sequenceOf(db.dataSource, 'publications').where({ pages: MoreThan(50) });
    const listed = sequenceOf(db.dataSource, [Book, Article]).where({ pages: MoreThan(50) });
    expect((await named.orderBy('#').addOrderBy('pages').getMany()).map(label)).toEqual(
      await oracle(db, { where: 't.pages > 50', orderBy: 'idx, pages, ipk, spk' }),
    );
    expect((await listed.orderBy('#').addOrderBy('pages').getMany()).map(label)).toEqual(
      await oracle(db, { tables: [0, 1], where: 't.pages > 50', orderBy: 'idx, pages, ipk' }),
    );
  });

  test('with a transactional EntityManager it sees rows of that transaction not yet committed', async () => {
    const ds = db.dataSource;
    const outside = () => sequenceOf(ds, [Book, Article]).where({ pages: MoreThan(900) });
    let insideId: number | undefined;
    await expect(
      ds.transaction(async (manager) => {
        const saved = await manager.save(Article, {
          title: 'uncommitted',
          release: null,
          pages: 901,
          medium: 'tx',
        });
        insideId = saved.id;
        const inside = sequenceOf(manager, [Book, Article]).where({ pages: MoreThan(900) });
        expect((await inside.getMany()).map(label)).toEqual([`Article:${saved.id}`]);
        expect(await inside.getCount()).toBe(1);
        expect(await inside.getExists()).toBe(true);
        if (db.dialect !== 'sqlite') {
          // Another connection of the pool does not see it: the row really is uncommitted.
          expect(await outside().getCount()).toBe(0);
        }
        throw new Rollback('roll back');
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(insideId).toBeDefined();
    expect(await outside().getMany()).toEqual([]);
    expect(await outside().getExists()).toBe(false);
  });

  test('an unknown sequence name throws UnsupportedOperationError naming it, before any SQL', async () => {
    const { queries } = await db.counted(async () => {
      expect(() => sequenceOf(db.dataSource, 'building-of-no-such-name')).toThrow(UnsupportedOperationError);
      expect(() => sequenceOf(db.dataSource, 'building-of-no-such-name')).toThrow(/building-of-no-such-name/);
    });
    expect(queries).toEqual([]);
  });

  test('an entity the DataSource does not know throws UnsupportedOperationError naming it', async () => {
    const { queries } = await db.counted(async () => {
      expect(() => sequenceOf(db.dataSource, [Book, Stranger])).toThrow(UnsupportedOperationError);
      expect(() => sequenceOf(db.dataSource.manager, [Stranger])).toThrow(/Stranger.*DataSource/);
      expect(() => sequenceOf(db.dataSource, 'building-of-stranger')).toThrow(UnsupportedOperationError);
      expect(() => sequenceOf(db.dataSource, 'building-of-stranger')).toThrow(/Stranger/);
    });
    expect(queries).toEqual([]);
  });
});
