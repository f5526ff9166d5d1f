import 'reflect-metadata';
import { DataSource, MoreThan } from 'typeorm';
import { ALL_ENTITIES, Article, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceIndexOf } from '../../src';
import { CountingLogger } from '../support/counting-logger';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

interface Row {
  idx: number;
  id: number;
  pages: number;
}

/**
 * The hand-made merge of two lists each database sorted by (pages, id) itself: the heads are compared
 * on pages, then `#` (Book 0 before Article 1), as the total order says; DESC flips every key.
 */
function mergeByHand(books: Row[], articles: Row[], order: 'ASC' | 'DESC'): string[] {
  const sign = order === 'ASC' ? 1 : -1;
  const merged: Row[] = [];
  let b = 0;
  let a = 0;
  while (b < books.length || a < articles.length) {
    const takeBook =
      a >= articles.length ||
      (b < books.length && sign * (books[b].pages - articles[a].pages || books[b].idx - articles[a].idx) < 0);
    merged.push(takeBook ? books[b++] : articles[a++]);
  }
  return merged.map((r) => `${r.idx === 0 ? 'Book' : 'Article'}:${r.id}`);
}

const rowLabel = (entity: Book | Article) => `${entity.constructor.name}:${entity.id}`;

describeEachDialect('a sequence across two DataSources', (db) => {
  const remoteLogger = new CountingLogger();
  const remote = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: ALL_ENTITIES,
    synchronize: true,
    logging: ['query'],
    logger: remoteLogger,
  });

  beforeAll(async () => {
    await seed(db);
    await remote.initialize();
    // Pages chosen to tie with the books' (100, 250, 80) and to fall before, between and after them.
    await remote.manager.save(Article, [
      { title: 'remote hundred', release: '2020-02-02', pages: 100, medium: 'Remote' },
      { title: 'remote 250 a', release: null, pages: 250, medium: 'Remote' },
      { title: 'remote one', release: '2018-01-01', pages: 1, medium: 'Remote' },
      { title: 'remote 250 b', release: '2024-01-01', pages: 250, medium: 'Remote' },
      { title: 'remote eighty', release: null, pages: 80, medium: 'Remote' },
      { title: 'remote big', release: '2019-09-09', pages: 999, medium: 'Remote' },
    ]);
  });
  afterAll(async () => {
    if (remote.isInitialized) await remote.destroy();
  });

  const sequence = () =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item'),
      remote.getRepository(Article).createQueryBuilder('item'),
    );

  /** Each database's own list, sorted by the database. */
  async function ownLists(order: 'ASC' | 'DESC', minPages = -1) {
    const sql = (table: string) =>
      `SELECT id, pages FROM ${table} WHERE pages > ${minPages} ORDER BY pages ${order}, id ${order}`;
    const books = (await db.query(sql('book'))).map((r) => ({
      idx: 0,
      id: Number(r.id),
      pages: Number(r.pages),
    }));
    const articles = (await remote.query(sql('article'))).map((r: any) => ({
      idx: 1,
      id: Number(r.id),
      pages: Number(r.pages),
    }));
    return { books, articles };
  }

  test('ordered by pages, the rows come from both databases merged in the total order', async () => {
    const { books, articles } = await ownLists('ASC');
    const rows = await sequence().orderBy('pages').getMany();
    expect(rows.map(rowLabel)).toEqual(mergeByHand(books, articles, 'ASC'));
    // Articles are the remote ones, with their `#`; books the local ones.
    for (const row of rows) {
      expect(sequenceIndexOf(row)).toBe(row instanceof Book ? 0 : 1);
      if (row instanceof Article) expect(row.medium).toBe('Remote');
      else expect(row.isbn === null || /^\d+$/.test(row.isbn)).toBe(true);
    }
  });

  test.each([
    [0, 3],
    [2, 4],
    [3, 5],
    [10, 5],
    [11, 1],
    [12, 10],
  ])('skip(%i).take(%i) pages the merge', async (skip, take) => {
    const { books, articles } = await ownLists('ASC');
    const expected = mergeByHand(books, articles, 'ASC').slice(skip, skip + take);
    expect((await sequence().orderBy('pages').skip(skip).take(take).getMany()).map(rowLabel)).toEqual(
      expected,
    );
  });

  test('DESC flips the tie-breakers too, and reverse() gives the exact reverse', async () => {
    const { books, articles } = await ownLists('DESC');
    const expected = mergeByHand(books, articles, 'DESC');
    expect((await sequence().orderBy('pages', 'DESC').getMany()).map(rowLabel)).toEqual(expected);
    expect((await sequence().orderBy('pages', 'DESC').skip(1).take(4).getMany()).map(rowLabel)).toEqual(
      expected.slice(1, 5),
    );
    expect((await sequence().orderBy('pages').reverse().getMany()).map(rowLabel)).toEqual(expected);
  });

  test('getCount sums both databases, ignoring skip and take', async () => {
    expect(await sequence().getCount()).toBe(6 + 6);
    const filtered = sequence().where({ pages: MoreThan(90) });
    const { books, articles } = await ownLists('ASC', 90);
    expect(await filtered.skip(1).take(2).getCount()).toBe(books.length + articles.length);
    expect(await filtered.getExists()).toBe(true);
    expect(
      await sequence()
        .where({ pages: MoreThan(5000) })
        .getExists(),
    ).toBe(false);
  });

  test('each database only receives the statements of its own builders', async () => {
    const { books, articles } = await ownLists('ASC');
    remoteLogger.reset();
    const { result, queries } = await db.counted(() => sequence().orderBy('pages').take(3).getMany());
    expect(result.map(rowLabel)).toEqual(mergeByHand(books, articles, 'ASC').slice(0, 3));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.join('\n')).not.toMatch(/article/i);
    expect(remoteLogger.queries.length).toBeGreaterThan(0);
    expect(remoteLogger.queries.join('\n')).not.toMatch(/\bbook\b/i);
  });
});
