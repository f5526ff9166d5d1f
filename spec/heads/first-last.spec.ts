import { In, MoreThan } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceIndexOf, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

const tail = (order: 'ASC' | 'DESC') => `idx ${order}, ipk ${order}, spk ${order}`;
const labelOf = (entity: object | null) => (entity === null ? null : label(entity));

/** The oracle's ORDER BY for each sequence order checked below (null placement: the database's own). */
function orders(
  db: TestDatabase,
): { name: string; seq: (s: SequenceQueryBuilder<any>) => SequenceQueryBuilder<any>; sql: string }[] {
  const release = db.q('release');
  return [
    { name: "orderBy('title')", seq: (s) => s.orderBy('title'), sql: `title ASC, ${tail('ASC')}` },
    {
      name: "orderBy('title', 'DESC')",
      seq: (s) => s.orderBy('title', 'DESC'),
      sql: `title DESC, ${tail('DESC')}`,
    },
    {
      name: "orderBy('release', 'DESC')",
      seq: (s) => s.orderBy('release', 'DESC'),
      sql: `${release} DESC, ${tail('DESC')}`,
    },
    {
      name: "orderBy('pages').addOrderBy('title', 'DESC')",
      seq: (s) => s.orderBy('pages').addOrderBy('title', 'DESC'),
      sql: `pages ASC, title DESC, ${tail('DESC')}`,
    },
    {
      name: "orderBy('#', 'DESC').addOrderBy('pages')",
      seq: (s) => s.orderBy('#', 'DESC').addOrderBy('pages'),
      sql: `idx DESC, pages ASC, ipk ASC, spk ASC`,
    },
  ];
}

describeEachDialect('getFirst() and getLast()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');

  beforeAll(() => seed(db));

  it('under several orders, getFirst()/getLast() are the first/last of getMany() and of the oracle', async () => {
    for (const order of orders(db)) {
      const expected = await oracle(db, { orderBy: order.sql });
      const seq = order.seq(pubs());
      const all = (await seq.getMany()).map(label);
      const first = labelOf(await seq.getFirst());
      const last = labelOf(await seq.getLast());
      expect({ order: order.name, first, last }).toEqual({
        order: order.name,
        first: expected[0],
        last: expected[expected.length - 1],
      });
      expect({ order: order.name, first: all[0], last: all[all.length - 1] }).toEqual({
        order: order.name,
        first,
        last,
      });
    }
  });

  it('with a filter, the heads come from the filtered rows', async () => {
    const where = `t.pages BETWEEN 4 AND 120`;
    const expected = await oracle(db, { where, orderBy: `title DESC, ${tail('DESC')}` });
    const seq = pubs().where('item.pages BETWEEN :lo AND :hi', { lo: 4, hi: 120 }).orderBy('title', 'DESC');
    expect(labelOf(await seq.getFirst())).toBe(expected[0]);
    expect(labelOf(await seq.getLast())).toBe(expected[expected.length - 1]);
  });

  it("without an order, getFirst() is the first Book in Book's default order (title)", async () => {
    const [row] = await db.query(`SELECT id FROM ${db.q('book')} ORDER BY title ASC, id ASC`);
    const first = await pubs().getFirst();
    expect(first).toBeInstanceOf(Book);
    expect(labelOf(first)).toBe(`Book:${row.id}`);
    expect(sequenceIndexOf(first!)).toBe(0);
  });

  it("without an order and builder 0 filtered out, getFirst() is builder 1's first row", async () => {
    const first = await pubs()
      .where({ '#': MoreThan(0) })
      .getFirst();
    expect(first).toBeInstanceOf(Article);
    expect(labelOf(first)).toBe('Article:1');
    const viaCondition = await pubs()
      .where('item.title = :t OR item.pages = :p', { t: 'delta', p: 9 })
      .getFirst();
    expect(labelOf(viaCondition)).toBe('Article:4');
  });

  it("without an order, getLast() is the last row of the highest '#' in its own default order", async () => {
    // BlogPost's default order is release DESC (null placement: the database's own), primary key last.
    const rows = await db.query(
      `SELECT id FROM ${db.q('blog_post')} ORDER BY ${db.q('release')} DESC, id DESC`,
    );
    const last = await pubs().getLast();
    expect(last).toBeInstanceOf(BlogPost);
    expect(labelOf(last)).toBe(`BlogPost:${rows[rows.length - 1].id}`);
    const all = await pubs().getMany();
    expect(labelOf(last)).toBe(label(all[all.length - 1]));
  });

  it("without an order and the highest '#' filtered out, getLast() is the last Article (primary key)", async () => {
    const last = await pubs().exclude({ '#': 2 }).getLast();
    expect(labelOf(last)).toBe('Article:5');
  });

  it('getFirst() runs exactly 1 statement: the heads are compared with their columns carried', async () => {
    const expected = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
    const { result, queries } = await db.counted(() => pubs().orderBy('title').getFirst());
    expect(labelOf(result)).toBe(expected[0]);
    expect(queries).toHaveLength(1);
    const unordered = await db.counted(() => pubs().getFirst());
    expect(unordered.result).toBeInstanceOf(Book);
    expect(unordered.queries).toHaveLength(1);
  });

  it('getLast() runs exactly 1 statement too', async () => {
    const expected = await oracle(db, { orderBy: `pages ASC, ${tail('ASC')}` });
    const { result, queries } = await db.counted(() => pubs().orderBy('pages').getLast());
    expect(labelOf(result)).toBe(expected[expected.length - 1]);
    expect(queries).toHaveLength(1);
  });

  it('getFirst() with a to-many join runs 2 statements: the heads, then the winner loaded with its tags', async () => {
    const expected = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
    const { result, queries } = await db.counted(() =>
      pubs().leftJoinAndSelect('tags').orderBy('title').getFirst(),
    );
    expect(labelOf(result)).toBe(expected[0]);
    expect(Array.isArray((result as any).tags)).toBe(true);
    expect(queries).toHaveLength(2);
  });

  it('getFirst()/getLast() of a sequence with no matching row are null after one statement', async () => {
    const none = pubs().where('item.title = :t', { t: 'no such title' }).orderBy('title');
    const first = await db.counted(() => none.getFirst());
    expect(first.result).toBeNull();
    expect(first.queries).toHaveLength(1);
    expect(await none.getLast()).toBeNull();
  });

  it('getFirst()/getLast() of an empty sequence are null and run no SQL', async () => {
    const { result, queries } = await db.counted(async () => [
      await SequenceQueryBuilder.from().getFirst(),
      await pubs().none().getLast(),
    ]);
    expect(result).toEqual([null, null]);
    expect(queries).toEqual([]);
  });

  it('the returned head is a full entity, equal to what TypeORM loads', async () => {
    const first = (await pubs().orderBy('pages', 'DESC').getFirst()) as Book;
    const loaded = await db.dataSource.getRepository(Book).findOneByOrFail({ id: first.id });
    expect(first).toBeInstanceOf(Book);
    expect(JSON.stringify(first)).toBe(JSON.stringify(loaded));
  });

  it('with a to-many join, the head comes with all its related rows', async () => {
    const seq = pubs()
      .leftJoinAndSelect('tags')
      .where({ title: In(['Banana Split', 'hello world']) })
      .orderBy('title');
    const expected = await oracle(db, {
      where: `t.title IN ('Banana Split', 'hello world')`,
      orderBy: `title ASC, ${tail('ASC')}`,
    });
    const tagsOf = (entity: any) => entity.tags.map((t: { name: string }) => t.name).sort();
    const first = await seq.getFirst();
    const last = await seq.getLast();
    expect([labelOf(first), labelOf(last)]).toEqual([expected[0], expected[1]]);
    const all = await seq.getMany();
    expect(tagsOf(first)).toEqual(tagsOf(all[0]));
    expect(tagsOf(last)).toEqual(tagsOf(all[1]));
    expect([tagsOf(first), tagsOf(last)].map((t) => t.length)).toEqual([2, 2]);
  });

  it('does not change the sequence: getMany() after getFirst()/getLast() is unchanged', async () => {
    const seq = pubs().orderBy('title');
    const before = (await seq.getMany()).map(label);
    await seq.getFirst();
    await seq.getLast();
    expect((await seq.getMany()).map(label)).toEqual(before);
  });
});
