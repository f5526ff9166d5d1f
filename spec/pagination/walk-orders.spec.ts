import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';
import { expectWalkPages, walk } from './walk';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

const SIZES = [1, 2, 3, 5, 100];

/** Orders to walk, each a function of the `publications` sequence (or of the database, for from()). */
const ORDERS: [string, (pubs: Seq, db: TestDatabase) => Seq][] = [
  ["orderBy('title')", (s) => s.orderBy('title')],
  ["orderBy('release', 'DESC')", (s) => s.orderBy('release', 'DESC')],
  ["orderBy('release', 'ASC', 'NULLS FIRST')", (s) => s.orderBy('release', 'ASC', 'NULLS FIRST')],
  ["orderBy('release', 'ASC', 'NULLS LAST')", (s) => s.orderBy('release', 'ASC', 'NULLS LAST')],
  ["orderBy('release', 'DESC', 'NULLS FIRST')", (s) => s.orderBy('release', 'DESC', 'NULLS FIRST')],
  ["orderBy('author.name') (rows without an author)", (s) => s.orderBy('author.name')],
  ["orderBy('author.name', 'DESC', 'NULLS FIRST')", (s) => s.orderBy('author.name', 'DESC', 'NULLS FIRST')],
  ["orderBy('author') (the relation, by Author's default order)", (s) => s.orderBy('author')],
  ["orderBy('author.publisher.name', 'DESC') (two joins)", (s) => s.orderBy('author.publisher.name', 'DESC')],
  ["orderBy('#')", (s) => s.orderBy('#')],
  ["orderBy('#', 'DESC')", (s) => s.orderBy('#', 'DESC')],
  ["orderBy('pages').addOrderBy('title', 'DESC')", (s) => s.orderBy('pages').addOrderBy('title', 'DESC')],
  ["orderBy('release', 'DESC').addOrderBy('#')", (s) => s.orderBy('release', 'DESC').addOrderBy('#')],
  ['no orderBy (builder by builder, entity defaults)', (s) => s],
  [
    "no orderBy, builders' own orders (pages DESC; author name via a join; title)",
    (_, db) =>
      SequenceQueryBuilder.from(
        db.dataSource.getRepository(Book).createQueryBuilder('b').orderBy('b.pages', 'DESC'),
        db.dataSource
          .getRepository(Article)
          .createQueryBuilder('a')
          .leftJoin('a.author', 'w')
          .orderBy('w.name', 'DESC')
          .addOrderBy('a.id', 'DESC'),
        db.dataSource.getRepository(BlogPost).createQueryBuilder('p').orderBy('p.title', 'ASC'),
      ),
  ],
  ["orderBy('title').reverse()", (s) => s.orderBy('title').reverse()],
  [
    "orderBy('release', 'ASC', 'NULLS FIRST').reverse()",
    (s) => s.orderBy('release', 'ASC', 'NULLS FIRST').reverse(),
  ],
  [
    "orderBy('pages').addOrderBy('title', 'DESC').reverse()",
    (s) => s.orderBy('pages').addOrderBy('title', 'DESC').reverse(),
  ],
  ['no orderBy, reverse()', (s) => s.reverse()],
  [
    "where(pages > 3).orWhere(title = 'cherry'), orderBy('release', 'DESC')",
    (s) =>
      s
        .where('item.pages > :n', { n: 3 })
        .orWhere('item.title = :t', { t: 'cherry' })
        .orderBy('release', 'DESC'),
  ],
  [
    "builders' own where (Book pages > 90, Article release IS NOT NULL), orderBy('title', 'DESC')",
    (_, db) =>
      SequenceQueryBuilder.from(
        db.dataSource.getRepository(Book).createQueryBuilder('item').where('item.pages > 90'),
        db.dataSource.getRepository(Article).createQueryBuilder('item').where('item.release IS NOT NULL'),
        db.dataSource.getRepository(BlogPost).createQueryBuilder('item'),
      ).orderBy('title', 'DESC'),
  ],
  [
    "leftJoinAndSelect('author'), orderBy('author.name', 'DESC')",
    (s) => s.leftJoinAndSelect('author').orderBy('author.name', 'DESC'),
  ],
];

describeEachDialect('paginate(): walking every page both ways', (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');

  beforeAll(() => seed(db));

  it.each(ORDERS)(
    '%s: forward and backward walks at sizes 1, 2, 3, 5, 100 give exactly getMany()',
    async (_, order) => {
      const seq = order(pubs(), db);
      const expected = (await seq.getMany()).map(label);
      expect(new Set(expected).size).toBe(expected.length);
      expect(expected.length).toBe(await seq.getCount());
      expect(expected.length).toBeGreaterThan(0);
      for (const size of SIZES) {
        const forward = await walk(seq, 'forward', size);
        expect({ size, labels: forward.items.map(label) }).toEqual({ size, labels: expected });
        expectWalkPages(forward, 'forward', size, expected.length);

        const backward = await walk(seq, 'backward', size);
        expect({ size, labels: backward.items.map(label) }).toEqual({ size, labels: expected });
        expectWalkPages(backward, 'backward', size, expected.length);
      }
    },
  );

  it('the pages of the walk are the oracle order for title, release DESC NULLS LAST and pages, title DESC', async () => {
    const q = db.q('release');
    const tail = (o: string) => `idx ${o}, ipk ${o}, spk ${o}`;
    const releaseDescNullsLast =
      db.dialect === 'mysql' ? `(${q} IS NULL) ASC, ${q} DESC` : `${q} DESC NULLS LAST`;
    const cases: [Seq, string][] = [
      [pubs().orderBy('title'), `title ASC, ${tail('ASC')}`],
      [pubs().orderBy('release', 'DESC', 'NULLS LAST'), `${releaseDescNullsLast}, ${tail('DESC')}`],
      [pubs().orderBy('pages').addOrderBy('title', 'DESC'), `pages ASC, title DESC, ${tail('DESC')}`],
    ];
    for (const [seq, orderBy] of cases) {
      const expected = await oracle(db, { orderBy });
      expect((await walk(seq, 'forward', 4)).items.map(label)).toEqual(expected);
      expect((await walk(seq, 'backward', 3)).items.map(label)).toEqual(expected);
    }
  });

  it('reverse(): walking forward is walking the unreversed sequence backward, item by item', async () => {
    const seq = pubs().orderBy('author.name', 'ASC', 'NULLS LAST').addOrderBy('pages', 'DESC');
    const forward = (await walk(seq, 'forward', 3)).items.map(label);
    const reversedForward = (await walk(seq.reverse(), 'forward', 3)).items.map(label);
    const reversedBackward = (await walk(seq.reverse(), 'backward', 2)).items.map(label);
    expect(forward).toHaveLength(16);
    expect(reversedForward).toEqual([...forward].reverse());
    expect(reversedBackward).toEqual([...forward].reverse());
  });
});
