import { In } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { labels, tail } from '../ordering/order-oracle';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const ENTITIES = ['Book', 'Article', 'BlogPost'];

describeEachDialect('getQueries() and getBuilders()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  type Seq = ReturnType<typeof pubs>;

  beforeAll(() => seed(db));

  /** Runs the first statement of getQueries() and names its rows by seq_idx and primary-key columns. */
  const runKeyQuery = async (seq: Seq) => {
    const [first] = seq.getQueries();
    const rows = await db.query(first.sql, [...first.parameters]);
    return rows.map((row) => {
      const index = Number(row.seq_idx);
      // Builders whose keys have one type share a primary-key column: the row's key is the one not NULL.
      const keyColumns = Object.keys(row).filter((name) => /^seq_t\d+_p0$/.test(name));
      const id = keyColumns.map((name) => row[name]).find((value) => value !== null);
      return `${ENTITIES[index]}:${id}`;
    });
  };

  const variants: [string, (s: Seq) => Seq][] = [
    ['no orderBy', (s) => s],
    ['title', (s) => s.orderBy('title')],
    ['release DESC NULLS FIRST', (s) => s.orderBy('release', 'DESC', 'NULLS FIRST')],
    ['author.name, filtered', (s) => s.where('item.pages >= :n', { n: 5 }).orderBy('author.name')],
    ['string parameter', (s) => s.where('item.title <> :t', { t: 'zebra' }).orderBy('pages', 'DESC')],
    ['title DESC, reversed, paged', (s) => s.orderBy('title', 'DESC').reverse().skip(3).take(5)],
  ];

  it('getQueries() describes each statement as { entity, dataSource, sql, parameters }, "*" first for several builders', () => {
    const queries = pubs().where('item.title <> :t', { t: 'zebra' }).orderBy('title').getQueries();
    expect(queries.length).toBeGreaterThanOrEqual(1);
    expect(queries[0].entity).toBe('*');
    for (const q of queries) {
      expect(Object.keys(q).sort()).toEqual(['dataSource', 'entity', 'parameters', 'sql']);
      expect(typeof q.sql).toBe('string');
      expect(Array.isArray(q.parameters)).toBe(true);
      expect(['*', ...ENTITIES]).toContain(q.entity);
    }
    expect(queries[0].parameters).toContain('zebra');
    expect(queries[0].sql).not.toContain('zebra');
  });

  it('getQueries() runs no SQL', async () => {
    const { queries } = await db.counted(async () => pubs().orderBy('title').getQueries());
    expect(queries).toEqual([]);
  });

  it("getQueries() of a one-builder sequence names that builder's entity", () => {
    const [first] = sequenceOf(db.dataSource, [Article]).orderBy('title').getQueries();
    expect(first.entity).toBe('Article');
  });

  it("getQueries()'s statement with a parameter gives the oracle's rows", async () => {
    const seq = pubs().where('item.pages > :n', { n: 7 }).orderBy('title', 'DESC').take(4);
    expect(await runKeyQuery(seq)).toEqual(
      await oracle(db, { where: 't.pages > 7', orderBy: `title DESC, ${tail('DESC')}`, limit: 4 }),
    );
  });

  it.each(variants)(
    "getQueries()'s key statement and getBuilders() follow getMany()'s order (%s)",
    async (_, variant) => {
      const seq = variant(pubs());
      expect(await runKeyQuery(seq)).toEqual(labels(await seq.getMany()));
      // getBuilders(): each entity's part of the (unpaged) sequence, in the same relative order.
      const unpaged = seq.skip(undefined).take(undefined);
      const all = labels(await unpaged.getMany());
      const builders = seq.getBuilders();
      expect(builders).toHaveLength(3);
      for (const [i, qb] of builders.entries()) {
        const part = labels(await qb.getMany());
        expect(part).toEqual(all.filter((l) => l.startsWith(`${ENTITIES[i]}:`)));
      }
    },
  );

  it("getBuilders() applies a '#' filter: the builders' rows together are the sequence's rows", async () => {
    const seq = pubs()
      .where({ '#': In([0, 2]) })
      .andWhere('item.pages < :n', { n: 200 });
    const fromBuilders: string[] = [];
    for (const qb of seq.getBuilders()) fromBuilders.push(...labels(await qb.getMany()));
    expect(fromBuilders.sort()).toEqual(labels(await seq.getMany()).sort());
    expect(fromBuilders.some((l) => l.startsWith('Article:'))).toBe(false);
  });

  it('getBuilders() returns clones: mutating one changes neither the sequence nor later clones', async () => {
    const seq = pubs().where('item.pages >= :n', { n: 5 }).orderBy('title');
    const before = labels(await seq.getMany());
    const [bookQb] = seq.getBuilders();
    bookQb.andWhere('1 = 0').orderBy(`${bookQb.alias}.pages`, 'DESC');
    expect(await bookQb.getMany()).toEqual([]);
    expect(labels(await seq.getMany())).toEqual(before);
    const [fresh] = seq.getBuilders();
    expect(labels(await fresh.getMany())).toEqual(before.filter((l) => l.startsWith('Book:')));
  });

  it("getQueries() returns copies: changing one's parameters changes neither later pages nor later getQueries()", async () => {
    const seq = pubs().where('item.pages > :n', { n: 7 }).orderBy('title', 'DESC').take(4);
    const before = labels(await seq.getMany());
    const [first] = seq.getQueries();
    const given = [...first.parameters];
    (first.parameters as unknown[]).splice(0, first.parameters.length, 'changed');
    expect(seq.getQueries()[0].parameters).toEqual(given);
    expect(labels(await seq.getMany())).toEqual(before);
  });

  it('neither the sequence nor getBuilders() changes the builders given to from()', async () => {
    const books = db.dataSource.getRepository(Book).createQueryBuilder('b');
    const posts = db.dataSource.getRepository(BlogPost).createQueryBuilder('p');
    const seq = SequenceQueryBuilder.from(books, posts)
      .where('1 = 0')
      .orderBy('title', 'DESC')
      .skip(1)
      .take(1);
    expect(await seq.getMany()).toEqual([]);
    for (const qb of seq.getBuilders()) expect(await qb.getMany()).toEqual([]);
    expect(await books.getCount()).toBe(6);
    expect(await posts.getCount()).toBe(5);
    expect(books.expressionMap.orderBys).toEqual({});
  });
});
