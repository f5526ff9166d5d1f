import { In, MoreThanOrEqual } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { sequenceOf, SequenceQueryBuilder } from '../../src';
import { DEFAULT_PLAN_CACHE_SIZE, planCache } from '../../src/planning/plan-sequence';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/**
 * Sequences built afresh per call share one plan per shape (src/planning/plan-sequence.ts). The plan
 * holds no parameter value: two calls of one shape with different values each get their own rows, and
 * the cache of shapes is bounded.
 */
describeEachDialect('plans shared by shape', (db) => {
  beforeAll(() => seed(db));

  /** A request handler's sequence: builders, a builder parameter, a filter object, a string filter. */
  const request = (min: number, titles: string[], skipped: string) =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item').where('item.pages >= :min', { min }),
      db.dataSource.getRepository(Article).createQueryBuilder('item'),
      db.dataSource.getRepository(BlogPost).createQueryBuilder('item'),
    )
      .where({ title: In(titles) })
      .orWhere({ pages: MoreThanOrEqual(min) })
      .andWhere('item.title <> :skipped', { skipped })
      .orderBy('pages', 'DESC');

  /** The same rows, by hand: the database's own UNION ALL. */
  const expected = async (min: number, titles: string[], skipped: string) => {
    const p = (value: unknown) => (typeof value === 'number' ? String(value) : `'${String(value)}'`);
    const inTitles = `t.title IN (${titles.map(p).join(', ')})`;
    const filter = `(${inTitles} OR (t.pages >= ${min} AND t.title <> ${p(skipped)}))`;
    return oracle(db, {
      where: (table) => (table === 'book' ? `t.pages >= ${min} AND ${filter}` : filter),
      orderBy: 'pages DESC, idx DESC, ipk DESC, spk DESC',
    });
  };

  it('two calls of one shape share one plan and each gets the rows of its own values', async () => {
    const a = { min: 100, titles: ['apple pie', 'cherry'], skipped: 'zebra' };
    const b = { min: 250, titles: ['Zulu', 'Banana Split'], skipped: 'Zulu' };
    const before = planCache.size;
    const rowsA = (await request(a.min, a.titles, a.skipped).getMany()).map(label);
    const afterA = planCache.size;
    const rowsB = (await request(b.min, b.titles, b.skipped).getMany()).map(label);
    expect(afterA).toBeLessThanOrEqual(before + 1);
    expect(planCache.size).toBe(afterA); // the second call found the first one's plan
    expect(rowsA).toEqual(await expected(a.min, a.titles, a.skipped));
    expect(rowsB).toEqual(await expected(b.min, b.titles, b.skipped));
    expect(rowsA).not.toEqual(rowsB);
    // and again in the other order, counts and heads too
    expect((await request(a.min, a.titles, a.skipped).getMany()).map(label)).toEqual(rowsA);
    expect(await request(b.min, b.titles, b.skipped).getCount()).toBe(rowsB.length);
    expect(await request(a.min, a.titles, a.skipped).getCount()).toBe(rowsA.length);
    const headB = await request(b.min, b.titles, b.skipped).getFirst();
    expect(headB && label(headB)).toBe(rowsB[0]);
  });

  it('the shared SQL text holds no value: the values travel as parameters', async () => {
    const [a] = request(137, ['apple pie', 'cherry'], 'zebra').take(5).getQueries();
    const [b] = request(251, ['Zulu', 'Banana Split'], 'Zulu').take(5).getQueries();
    expect(b.sql).toBe(a.sql);
    for (const value of ['137', '251', 'apple pie', 'Banana Split', 'zebra', 'Zulu']) {
      expect(a.sql).not.toContain(value);
    }
    expect(a.parameters).toEqual(expect.arrayContaining([137, 'apple pie', 'cherry', 'zebra']));
    expect(b.parameters).toEqual(expect.arrayContaining([251, 'Zulu', 'Banana Split']));
  });

  it('a list of another length is another shape, with its own correct rows', async () => {
    const three = ['apple pie', 'cherry', 'Zulu'];
    const [two] = request(999, ['apple pie', 'cherry'], 'x').take(5).getQueries();
    const [longer] = request(999, three, 'x').take(5).getQueries();
    expect(longer.sql).not.toBe(two.sql);
    expect((await request(999, three, 'x').getMany()).map(label)).toEqual(await expected(999, three, 'x'));
  });

  it(`keeps at most its bound of shapes (default ${DEFAULT_PLAN_CACHE_SIZE}), dropping the least recently used`, async () => {
    expect(DEFAULT_PLAN_CACHE_SIZE).toBe(500);
    const saved = planCache.maxSize;
    planCache.maxSize = 3;
    try {
      planCache.clear();
      // five shapes: the same sequence in five different orders
      const orders = [
        ['pages', 'ASC'],
        ['pages', 'DESC'],
        ['title', 'ASC'],
        ['title', 'DESC'],
        ['#', 'DESC'],
      ] as const;
      const shape = (k: number) =>
        sequenceOf(db.dataSource, [Book, Article, BlogPost]).orderBy(orders[k][0], orders[k][1]);
      const keys: string[] = [];
      for (let k = 0; k < orders.length; k++) {
        await shape(k).getCount();
        expect(planCache.size).toBeLessThanOrEqual(3);
        keys.push([...planCache.keys()].pop()!);
      }
      expect(new Set(keys).size).toBe(5);
      expect([...planCache.keys()]).toEqual(keys.slice(2));
      // a used shape becomes the most recent: shape 2 survives the next insertion, shape 3 does not
      await shape(2).getCount();
      await shape(0).getCount();
      expect([...planCache.keys()]).toEqual([keys[4], keys[2], keys[0]]);
      // an evicted shape is planned again and gives the right rows
      const again = (await shape(1).getMany()).map(label);
      expect(again).toEqual(await oracle(db, { orderBy: 'pages DESC, idx DESC, ipk DESC, spk DESC' }));
      expect(planCache.size).toBe(3);
    } finally {
      planCache.maxSize = saved;
    }
  });

  it('getQueries() of one sequence is the same text whatever ran before (no counters in names)', async () => {
    const combined = () =>
      sequenceOf(db.dataSource, [Book, Article])
        .or(db.dataSource.getRepository(Book).createQueryBuilder('item').where('item.pages > :p', { p: 200 }))
        .exclude({ tags: { name: 'django' } })
        .orderBy('pages');
    const first = combined().getQueries();
    // other sequences with unions, exclusions and keyset seeks in between
    for (let i = 0; i < 3; i++) {
      const other = combined().orderBy('release', 'DESC');
      const page = await other.paginate({ first: 2 });
      await other.paginate({ first: 2, after: page.pageInfo.endCursor });
      await combined().getMany();
    }
    expect(combined().getQueries()).toEqual(first);
    expect(first[0].sql).toContain('seq_keys0');
    expect(first[0].sql).not.toMatch(/seq_keys[1-9]/);
  });

  it('keyset seeks name their parameters by place: the same cursor gives the same SQL', async () => {
    const seq = () => sequenceOf(db.dataSource, [Book, Article, BlogPost]).orderBy('title');
    const { pageInfo } = await seq().paginate({ first: 3 });
    const once = await db.counted(() => seq().paginate({ first: 3, after: pageInfo.endCursor }));
    await seq().paginate({ first: 5, after: pageInfo.endCursor }); // other seeks in between
    const twice = await db.counted(() => seq().paginate({ first: 3, after: pageInfo.endCursor }));
    expect(twice.queries).toEqual(once.queries);
    expect(twice.parameters).toEqual(once.parameters);
  });
});
