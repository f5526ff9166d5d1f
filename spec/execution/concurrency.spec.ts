import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, BlogPost, Book } from '../../entities';
import { sequenceOf } from '../../src';
import { connectionOptions } from '../support/dialects';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/**
 * Loads of a page run together; with a pool of one connection they must queue, not deadlock, and in a
 * transaction everything runs on its one QueryRunner.
 */
describeEachDialect('concurrency', (db) => {
  beforeAll(() => seed(db));

  it('a pool of one connection serves pages, counts, heads and writes', async () => {
    if (db.dialect === 'sqlite') {
      // better-sqlite3 has a single connection anyway: the whole suite already runs that way
      const seq = sequenceOf(db.dataSource, [Book, Article, BlogPost]).orderBy('pages').take(10);
      expect(await seq.getMany()).toHaveLength(10);
      return;
    }
    const pool = { postgres: { extra: { max: 1 } }, mysql: { extra: { connectionLimit: 1 } } }[db.dialect];
    const tiny = new DataSource({ ...connectionOptions(db.dialect), entities: ALL_ENTITIES, ...pool } as any);
    await tiny.initialize();
    try {
      const seq = sequenceOf(tiny, [Book, Article, BlogPost]).orderBy('pages');
      const want = (
        await sequenceOf(db.dataSource, [Book, Article, BlogPost]).orderBy('pages').getMany()
      ).map(label);
      const [page, count, first, last, all] = await Promise.all([
        seq.take(10).getMany(),
        seq.getCount(),
        seq.getFirst(),
        seq.getLast(),
        seq.getMany(),
      ]);
      expect(page.map(label)).toEqual(want.slice(0, 10));
      expect(count).toBe(16);
      expect(label(first!)).toBe(want[0]);
      expect(label(last!)).toBe(want[want.length - 1]);
      expect(all.map(label)).toEqual(want);
    } finally {
      await tiny.destroy();
    }
  });

  it("getCount() on a pool runs each builder's COUNT as its own statement; SQLite and a transaction run one", async () => {
    const seq = sequenceOf(db.dataSource, [Book, Article, BlogPost]).where('item.pages > :n', { n: 5 });
    const counts = (queries: string[]) => queries.filter((sql) => /\bCOUNT\(/i.test(sql));
    const outside = await db.counted(() => seq.getCount());
    const expected = (await db.query(
      `SELECT COUNT(*) AS n FROM (${['book', 'article', 'blog_post']
        .map((t) => `SELECT 1 AS one FROM ${db.q(t)} WHERE pages > 5`)
        .join(' UNION ALL ')}) u`,
    )) as { n: unknown }[];
    expect(outside.result).toBe(Number(expected[0].n));
    expect(counts(outside.queries)).toHaveLength(db.dialect === 'sqlite' ? 1 : 3);
    await db.dataSource.transaction(async (manager) => {
      const inside = await db.counted(() =>
        sequenceOf(manager, [Book, Article, BlogPost]).where('item.pages > :n', { n: 5 }).getCount(),
      );
      expect(inside.result).toBe(outside.result);
      expect(counts(inside.queries)).toHaveLength(1);
    });
  });

  it('inside a transaction every statement runs on its QueryRunner and sees its uncommitted rows', async () => {
    await db.dataSource
      .transaction(async (manager) => {
        await manager.getRepository(Book).insert({ title: 'in the transaction', pages: 9999, release: null });
        const seq = sequenceOf(manager, [Book, Article, BlogPost]).orderBy('pages', 'DESC');
        const [page, count, first, exists] = await Promise.all([
          seq.take(3).getMany(),
          seq.getCount(),
          seq.getFirst(),
          seq.where({ pages: 9999 }).getExists(),
        ]);
        expect(page[0].title).toBe('in the transaction');
        expect(count).toBe(17);
        expect(first!.title).toBe('in the transaction');
        expect(exists).toBe(true);
        throw new Error('roll back');
      })
      .catch((error) => expect(error.message).toBe('roll back'));
    expect(await sequenceOf(db.dataSource, [Book, Article, BlogPost]).getCount()).toBe(16);
  });
});
