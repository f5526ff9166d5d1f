import { In, MoreThan } from 'typeorm';
import { Article, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

type Seq = SequenceQueryBuilder<any>;

/** Every method that derives a sequence, applied to the base sequence of the tests below. */
const DERIVATIONS: [string, (seq: Seq) => Seq][] = [
  ['where', (s) => s.where({ pages: MoreThan(100) })],
  ['andWhere', (s) => s.andWhere('item.pages < :max', { max: 200 })],
  ['orWhere', (s) => s.orWhere({ title: 'zebra' })],
  ['exclude', (s) => s.exclude({ title: 'cherry' })],
  ['orderBy', (s) => s.orderBy('title', 'DESC')],
  ['addOrderBy', (s) => s.addOrderBy('title')],
  ['reverse', (s) => s.reverse()],
  ['skip', (s) => s.skip(2)],
  ['take', (s) => s.take(3)],
  ['leftJoin', (s) => s.leftJoin('author')],
  ['leftJoinAndSelect', (s) => s.leftJoinAndSelect('author')],
  ['innerJoin', (s) => s.innerJoin('author')],
  ['innerJoinAndSelect', (s) => s.innerJoinAndSelect('author', 'writer')],
  ['clone', (s) => s.clone()],
];

describeEachDialect('immutability and laziness', (db) => {
  beforeAll(() => seed(db));

  /** Pages > 3, by pages: ties across entities and within BlogPost, so the tie-breakers matter. */
  const base = () =>
    sequenceOf(db.dataSource, 'publications').where('item.pages > :min', { min: 3 }).orderBy('pages');
  const baseOracle = () => oracle(db, { where: 't.pages > 3', orderBy: 'pages, idx, ipk, spk' });

  test.each(DERIVATIONS)(
    '%s returns a new sequence and leaves the receiver as it was',
    async (name, derive) => {
      const receiver = base();
      const queriesBefore = JSON.stringify(receiver.getQueries());
      const expected = await baseOracle();
      expect((await receiver.getMany()).map(label)).toEqual(expected);

      const derived = derive(receiver);
      expect(derived).toBeInstanceOf(SequenceQueryBuilder);
      expect(derived).not.toBe(receiver);
      // The derived sequence runs (and, except for clone, runs something else)...
      const derivedRows = await derived.getMany();
      if (name === 'clone') {
        expect(JSON.stringify(derived.getQueries())).toBe(queriesBefore);
        expect(derivedRows.map(label)).toEqual(expected);
      } else {
        expect(JSON.stringify(derived.getQueries())).not.toBe(queriesBefore);
      }
      // ...and the receiver is untouched, before and after the derived one ran.
      expect(JSON.stringify(receiver.getQueries())).toBe(queriesBefore);
      expect((await receiver.getMany()).map(label)).toEqual(expected);
      expect(await receiver.getCount()).toBe(expected.length);
    },
  );

  test('a derivation of a derivation leaves both ancestors unchanged', async () => {
    const a = base();
    const b = a.take(2);
    const c = b.skip(1).reverse();
    const expected = await baseOracle();
    expect((await a.getMany()).map(label)).toEqual(expected);
    expect((await b.getMany()).map(label)).toEqual(expected.slice(0, 2));
    expect((await c.getMany()).map(label)).toEqual([...expected].reverse().slice(1, 3));
  });

  test('builders passed to from() are not mutated by the sequence', async () => {
    const ds = db.dataSource;
    const books = ds.getRepository(Book).createQueryBuilder('item').where('item.pages >= :p', { p: 100 });
    const articles = ds.getRepository(Article).createQueryBuilder('item').where('item.release IS NOT NULL');
    const before = [books, articles].map((qb) => [qb.getQuery(), JSON.stringify(qb.getParameters())]);
    const ownBefore = [(await books.getMany()).map(label), (await articles.getMany()).map(label)];

    const seq = SequenceQueryBuilder.from(books, articles)
      .where({ title: In(['zebra', 'Zulu', 'cherry', 'delta', 'Apple']) })
      .andWhere('item.pages > :q', { q: 4 })
      .leftJoinAndSelect('author')
      .orderBy('author.name', 'DESC')
      .addOrderBy('title')
      .skip(1)
      .take(3);
    const result = (await seq.getMany()).map(label);
    expect(result.length).toBeGreaterThan(0);
    await seq.getCount();
    await seq.getExists();
    seq.getBuilders().forEach((qb) => qb.andWhere('1 = 0'));
    expect((await seq.getMany()).map(label)).toEqual(result);

    expect([books, articles].map((qb) => [qb.getQuery(), JSON.stringify(qb.getParameters())])).toEqual(
      before,
    );
    expect([(await books.getMany()).map(label), (await articles.getMany()).map(label)]).toEqual(ownBefore);
    // The builders' own conditions still hold in a fresh sequence of them.
    const all = await SequenceQueryBuilder.from(books, articles).orderBy('pages').getMany();
    expect(all.map(label)).toEqual(
      await oracle(db, {
        tables: [0, 1],
        where: (t) => (t === 'book' ? 't.pages >= 100' : `t.${db.q('release')} IS NOT NULL`),
        orderBy: 'pages, idx, ipk',
      }),
    );
  });

  test('changing a builder after from() does not change the sequence', async () => {
    const books = db.dataSource.getRepository(Book).createQueryBuilder('item');
    const seq = SequenceQueryBuilder.from(books).orderBy('pages');
    const expected = await oracle(db, { tables: [0], orderBy: 'pages, idx, ipk' });
    books.where('1 = 0').orderBy('item.id', 'DESC').leftJoinAndSelect('item.tags', 'tags');
    expect(await books.getCount()).toBe(0);
    expect((await seq.getMany()).map(label)).toEqual(expected);
    expect(await seq.getCount()).toBe(6);
  });

  test('building a long chain runs no SQL; awaiting a terminal method does', async () => {
    const { result: seq, queries } = await db.counted(async () =>
      sequenceOf(db.dataSource, 'publications')
        .where({ pages: MoreThan(1) })
        .andWhere('item.pages < :n', { n: 500 })
        .orWhere({ title: 'zebra' })
        .exclude({ title: 'cherry' })
        .leftJoinAndSelect('author')
        .innerJoin('author.publisher', 'pub')
        .orderBy('author.name')
        .addOrderBy('title', 'DESC')
        .reverse()
        .skip(1)
        .take(4)
        .clone(),
    );
    expect(queries).toEqual([]);

    const described = await db.counted(async () => [seq.getQueries(), seq.getBuilders()]);
    expect(described.queries).toEqual([]);

    const ran = await db.counted(() => seq.getMany());
    expect(ran.result).toHaveLength(4);
    // One key query, carrying the entities' columns (a page this shallow, joins that cannot repeat rows).
    expect(ran.queries).toHaveLength(1);
    expect(ran.queries).toHaveLength(described.result[0].length);
  });
});
