import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf, UnsupportedOperationError } from '../../src';
import { labels, nullsTerm, tail } from '../support/order-terms';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/**
 * takeEach(n) and interleave() against a hand-written UNION ALL numbered by ROW_NUMBER() OVER (PARTITION BY
 * the table) on the same database. The fixture has ties in release (within Book and across entities) and
 * NULL releases in every entity.
 */
describeEachDialect('takeEach() and interleave()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const release = () => db.q('release');
  const newest = () => pubs().orderBy('release', 'DESC');
  const newestOrder = () => `${release()} DESC, ${tail('DESC')}`;

  beforeAll(() => seed(db));

  /** getMany() of `seq`, checked to be one statement. */
  const oneStatement = async (seq: ReturnType<typeof pubs>) => {
    const { result, queries } = await db.counted(() => seq.getMany());
    expect(queries).toHaveLength(1);
    return labels(result);
  };

  it.each([0, 1, 2, 3, 10])(
    'takeEach(%i) keeps the first n rows of each entity, in one statement',
    async (n) => {
      const expected = await oracle(db, { orderBy: newestOrder(), rank: { each: n } });
      expect(await oneStatement(newest().takeEach(n))).toEqual(expected);
    },
  );

  it('takeEach() with NULLS FIRST: the NULL releases are each entity’s first rows', async () => {
    const seq = pubs().orderBy('release', 'DESC', 'NULLS FIRST').takeEach(2);
    const orderBy = `${nullsTerm(db, release(), 'DESC', 'NULLS FIRST')}, ${tail('DESC')}`;
    expect(await oneStatement(seq)).toEqual(await oracle(db, { orderBy, rank: { each: 2 } }));
  });

  it('takeEach() combines with where, a second key and skip/take (which page the quota’d rows)', async () => {
    const seq = pubs().where('item.pages > :p', { p: 2 }).orderBy('title').addOrderBy('release', 'DESC');
    const orderBy = `title ASC, ${release()} DESC, ${tail('DESC')}`;
    const where = 't.pages > 2';
    expect(await oneStatement(seq.takeEach(3))).toEqual(
      await oracle(db, { where, orderBy, rank: { each: 3 } }),
    );
    expect(await oneStatement(seq.takeEach(3).skip(2).take(4))).toEqual(
      await oracle(db, { where, orderBy, rank: { each: 3 }, limit: 4, offset: 2 }),
    );
  });

  it('takeEach() over one builder (the others filtered out) still limits it', async () => {
    const seq = newest().where({ '#': 1 }).takeEach(2);
    expect(await oneStatement(seq)).toEqual(
      await oracle(db, { tables: [1], orderBy: newestOrder(), limit: 2 }),
    );
  });

  it('reverse() quotas from the other end: each entity’s last n rows', async () => {
    const orderBy = `${release()} ASC, ${tail('ASC')}`;
    expect(await oneStatement(newest().reverse().takeEach(2))).toEqual(
      await oracle(db, { orderBy, rank: { each: 2 } }),
    );
  });

  it('getCount() and getCounts() count the quota’d rows: min(n, rows) per builder', async () => {
    const plain = await Promise.all(
      ['book', 'article', 'blog_post'].map(async (t) =>
        Number((await db.query(`SELECT COUNT(*) AS c FROM ${db.q(t)}`))[0].c),
      ),
    );
    for (const n of [0, 3, 5, 100]) {
      const capped = plain.map((c) => Math.min(c, n));
      expect(await newest().takeEach(n).getCount()).toBe(capped.reduce((a, b) => a + b, 0));
      expect((await newest().takeEach(n).getCounts()).byIndex).toEqual(capped);
      expect(await newest().takeEach(n).getCount()).toBe((await newest().takeEach(n).getMany()).length);
    }
  });

  it('takeEach() with no argument removes the quota', async () => {
    expect(labels(await newest().takeEach(1).takeEach().getMany())).toEqual(labels(await newest().getMany()));
  });

  it.each([
    ['release DESC', () => newest(), () => newestOrder()],
    ['title ASC', () => pubs().orderBy('title'), () => `title ASC, ${tail('ASC')}`],
    [
      'release ASC NULLS FIRST',
      () => pubs().orderBy('release', 'ASC', 'NULLS FIRST'),
      () => `${nullsTerm(db, release(), 'ASC', 'NULLS FIRST')}, ${tail('ASC')}`,
    ],
  ])('interleave() by %s: rounds of each entity’s k-th row, in one statement', async (_, seq, orderBy) => {
    const expected = await oracle(db, { orderBy: orderBy(), rank: { interleave: true } });
    expect(await oneStatement(seq().interleave())).toEqual(expected);
    expect(await oneStatement(seq().interleave().skip(4).take(5))).toEqual(
      await oracle(db, { orderBy: orderBy(), rank: { interleave: true }, limit: 5, offset: 4 }),
    );
    expect(await oneStatement(seq().interleave().takeEach(2))).toEqual(
      await oracle(db, { orderBy: orderBy(), rank: { interleave: true, each: 2 } }),
    );
  });

  it('interleave() without orderBy deals the builders in # order, each in its own default order', async () => {
    const perBuilder = await Promise.all(
      [0, 1, 2].map(async (i) => labels(await pubs().where({ '#': i }).getMany())),
    );
    const expected: string[] = [];
    for (let k = 0; k < Math.max(...perBuilder.map((rows) => rows.length)); k++)
      for (const rows of perBuilder) if (k < rows.length) expected.push(rows[k]);
    expect(await oneStatement(pubs().interleave())).toEqual(expected);
  });

  it('reverse().interleave() deals rounds from the reversed order: each entity’s last row first', async () => {
    const orderBy = `${release()} ASC, ${tail('ASC')}`;
    expect(await oneStatement(newest().reverse().interleave())).toEqual(
      await oracle(db, { orderBy, rank: { interleave: true } }),
    );
  });

  it('interleave() keeps the rows and the counts; interleave(false) undoes it', async () => {
    expect(await newest().interleave().getCount()).toBe(await newest().getCount());
    expect(labels(await newest().interleave().interleave(false).getMany())).toEqual(
      labels(await newest().getMany()),
    );
  });

  it('getFirst() and getExists() honour the quota; getValues() reads the quota’d rows', async () => {
    expect(await newest().takeEach(0).getFirst()).toBeNull();
    expect(await newest().takeEach(0).getExists()).toBe(false);
    expect(labels([(await newest().interleave().getFirst())!])).toEqual(
      labels(await newest().take(1).getMany()),
    );
    const ids = await newest().takeEach(1).pluck('title');
    expect(ids).toEqual((await newest().takeEach(1).getMany()).map((e) => e.title));
  });

  it.each([
    ['stream()', (s: ReturnType<typeof pubs>) => s.stream().next()],
    ['paginate()', (s: ReturnType<typeof pubs>) => s.paginate({ first: 2 })],
    ['getLast()', (s: ReturnType<typeof pubs>) => s.getLast()],
    ['getLatest()', (s: ReturnType<typeof pubs>) => s.getLatest()],
    ['contains()', (s: ReturnType<typeof pubs>) => s.contains({ id: 1 } as any)],
    ['update()', (s: ReturnType<typeof pubs>) => s.update({ pages: 1 })],
  ])('%s is refused with UnsupportedOperationError before any SQL', async (method, run) => {
    for (const seq of [pubs().takeEach(2), pubs().interleave()]) {
      const { queries } = await db.counted(async () => {
        await expect(Promise.resolve().then(() => run(seq))).rejects.toThrow(UnsupportedOperationError);
      });
      expect(queries).toEqual([]);
    }
    expect(method).toBeTruthy();
  });

  it('takeEach() takes a non-negative integer, else RangeError; interleave() a boolean', () => {
    for (const bad of [-1, 1.5, NaN, '2' as any]) expect(() => pubs().takeEach(bad)).toThrow(RangeError);
    expect(() => pubs().interleave('yes' as any)).toThrow(/interleave\(on\)/);
  });
});

describeEachDialect('takeEach() and interleave() across two DataSources', (db) => {
  const remote = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: ALL_ENTITIES,
    synchronize: true,
  });
  beforeAll(async () => {
    await seed(db);
    await remote.initialize();
    await remote.manager.save(
      Article,
      [100, 250, 1, 250, 80].map((pages, i) => ({ title: `remote ${i}`, pages, medium: 'Remote' })),
    );
  });
  afterAll(() => remote.destroy());

  const sequence = () =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item'),
      remote.getRepository(Article).createQueryBuilder('item'),
    ).orderBy('pages', 'DESC');

  it('takeEach(n) keeps each database’s first n rows, merged in the total order', async () => {
    const firstOf = async (ds: DataSource, entity: typeof Book | typeof Article) =>
      labels(await ds.getRepository(entity).find({ order: { pages: 'DESC', id: 'DESC' } as any, take: 2 }));
    const expected = [...(await firstOf(db.dataSource, Book)), ...(await firstOf(remote, Article))];
    const got = labels(await sequence().takeEach(2).getMany());
    expect([...got].sort()).toEqual([...expected].sort());
    expect(got).toEqual(labels(await sequence().getMany()).filter((l) => expected.includes(l)));
    expect(await sequence().takeEach(2).getCount()).toBe(4);
  });

  it('interleave() is refused with UnsupportedOperationError before any SQL', async () => {
    const { queries } = await db.counted(async () => {
      await expect(sequence().interleave().getMany()).rejects.toThrow(UnsupportedOperationError);
      await expect(sequence().interleave().getMany()).rejects.toThrow(/one DataSource/);
    });
    expect(queries).toEqual([]);
  });
});
