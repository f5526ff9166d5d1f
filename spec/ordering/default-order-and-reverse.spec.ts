import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { labels, nullsTerm, tableOrder, tail } from './order-oracle';

describeEachDialect('default order (no orderBy) and reverse()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const release = () => db.q('release');
  const repo = <E extends object>(entity: new () => E) => db.dataSource.getRepository(entity);

  beforeAll(() => seed(db));

  /** Book by its default title ASC, Article by primary key, BlogPost by its default release DESC. */
  const defaultOrder = async () => [
    ...(await tableOrder(db, 'Book', 't.title ASC')),
    ...(await tableOrder(db, 'Article', 't.id ASC')),
    ...(await tableOrder(db, 'BlogPost', `t.${release()} DESC`)),
  ];

  it('no orderBy: builder by builder in # order, each in its entity default order or primary key', async () => {
    const got = labels(await pubs().getMany());
    expect(got).toEqual(await defaultOrder());
    expect(got.slice(6, 11)).toEqual(['Article:1', 'Article:2', 'Article:3', 'Article:4', 'Article:5']);
  });

  it("no orderBy: a builder's own orderBy wins over its entity's default", async () => {
    const seq = SequenceQueryBuilder.from(
      repo(Book).createQueryBuilder('b').orderBy('b.pages', 'DESC').addOrderBy('b.title', 'ASC'),
      repo(Article).createQueryBuilder('a'),
      repo(BlogPost).createQueryBuilder('p').orderBy('p.title', 'ASC'),
    );
    expect(labels(await seq.getMany())).toEqual([
      ...(await tableOrder(db, 'Book', 't.pages DESC, t.title ASC')),
      ...(await tableOrder(db, 'Article', 't.id ASC')),
      ...(await tableOrder(db, 'BlogPost', 't.title ASC')),
    ]);
  });

  it("no orderBy: orderBy('b.pages', 'DESC') alone orders Book by pages, ties deterministically", async () => {
    const seq = SequenceQueryBuilder.from(
      repo(Book).createQueryBuilder('b').orderBy('b.pages', 'DESC'),
      repo(Article).createQueryBuilder('a'),
    );
    const got = await seq.getMany();
    const books = got.filter((e): e is Book => e instanceof Book);
    expect(books.map((b) => b.pages)).toEqual([300, 250, 250, 120, 100, 80]);
    expect(labels(got.slice(0, 6)).sort()).toEqual((await tableOrder(db, 'Book', 't.id')).sort());
    expect(labels(got.slice(6))).toEqual(await tableOrder(db, 'Article', 't.id ASC'));
    // The tie (Book:2 and Book:6, 250 pages) comes out the same way every time and reverse() flips it.
    expect(labels(await seq.getMany())).toEqual(labels(got));
    expect(labels(await seq.reverse().getMany())).toEqual(labels(got).reverse());
  });

  it("no orderBy: a builder's own order on a joined alias and with NULLS placement", async () => {
    const seq = SequenceQueryBuilder.from(
      repo(Book)
        .createQueryBuilder('b')
        .leftJoin('b.author', 'w')
        .orderBy('w.name', 'DESC')
        .addOrderBy('b.id'),
      repo(Article).createQueryBuilder('a').orderBy('a.release', 'ASC', 'NULLS LAST'),
    );
    const bookSql =
      `SELECT t.id AS id FROM ${db.q('book')} t LEFT JOIN ${db.q('author')} w ` +
      `ON w.id = t.${db.q('authorId')} ORDER BY w.name DESC, t.id ASC`;
    const books = (await db.query(bookSql)).map((r) => `Book:${r.id}`);
    expect(labels(await seq.getMany())).toEqual([
      ...books,
      ...(await tableOrder(db, 'Article', nullsTerm(db, `t.${release()}`, 'ASC', 'NULLS LAST'))),
    ]);
  });

  it('no orderBy: builders listed out of # order of registration keep their place in from()', async () => {
    const seq = SequenceQueryBuilder.from(
      repo(BlogPost).createQueryBuilder('p'),
      repo(Book).createQueryBuilder('b'),
    );
    expect(labels(await seq.getMany())).toEqual([
      ...(await tableOrder(db, 'BlogPost', `t.${release()} DESC`)),
      ...(await tableOrder(db, 'Book', 't.title ASC')),
    ]);
  });

  it('reverse() of the no-orderBy default is its exact reverse', async () => {
    const forward = labels(await pubs().getMany());
    expect(forward).toEqual(await defaultOrder());
    expect(labels(await pubs().reverse().getMany())).toEqual([...forward].reverse());
  });

  const orders: [string, (s: ReturnType<typeof pubs>) => ReturnType<typeof pubs>, () => string][] = [
    ['title', (s) => s.orderBy('title'), () => `title ASC, ${tail('ASC')}`],
    ['release DESC', (s) => s.orderBy('release', 'DESC'), () => `${release()} DESC, ${tail('DESC')}`],
    [
      'pages, title DESC',
      (s) => s.orderBy('pages').addOrderBy('title', 'DESC'),
      () => `pages ASC, title DESC, ${tail('DESC')}`,
    ],
    [
      'release NULLS FIRST',
      (s) => s.orderBy('release', 'ASC', 'NULLS FIRST'),
      () => `${nullsTerm(db, release(), 'ASC', 'NULLS FIRST')}, ${tail('ASC')}`,
    ],
    [
      'release DESC NULLS LAST',
      (s) => s.orderBy('release', 'DESC', 'NULLS LAST'),
      () => `${nullsTerm(db, release(), 'DESC', 'NULLS LAST')}, ${tail('DESC')}`,
    ],
    ['# DESC', (s) => s.orderBy('#', 'DESC'), () => tail('DESC')],
    ['pages DESC', (s) => s.orderBy('pages', 'DESC'), () => `pages DESC, ${tail('DESC')}`],
    ['author.id', (s) => s.orderBy('author.id'), () => `author_id ASC, ${tail('ASC')}`],
  ];

  it.each(orders)(
    'reverse() of orderBy(%s) is the exact reverse of the oracle order',
    async (_, order, sql) => {
      const expected = await oracle(db, { orderBy: sql() });
      expect(labels(await order(pubs()).getMany())).toEqual(expected);
      expect(labels(await order(pubs()).reverse().getMany())).toEqual([...expected].reverse());
    },
  );

  it('reverse().reverse() is the original order', async () => {
    const seq = pubs().orderBy('release', 'ASC', 'NULLS LAST');
    expect(labels(await seq.reverse().reverse().getMany())).toEqual(labels(await seq.getMany()));
    expect(labels(await pubs().reverse().reverse().getMany())).toEqual(await defaultOrder());
  });

  it('reverse() leaves the receiver as it was', async () => {
    const seq = pubs().orderBy('title');
    seq.reverse();
    expect(labels(await seq.getMany())).toEqual(await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` }));
  });
});
