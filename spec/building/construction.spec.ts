import { In, type SelectQueryBuilder } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceIndexOf, sequenceOf, UnsupportedOperationError } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const indexesOf = (rows: object[]) =>
  Object.fromEntries(rows.map((row) => [row.constructor.name, sequenceIndexOf(row)]));

describeEachDialect('SequenceQueryBuilder.from and the fixed #', (db) => {
  beforeAll(() => seed(db));

  const books = () => db.dataSource.getRepository(Book).createQueryBuilder('item');
  const articles = () => db.dataSource.getRepository(Article).createQueryBuilder('item');

  test("'#' is each builder's place in from(), whatever the registration order", async () => {
    const rows = await SequenceQueryBuilder.from(articles(), books()).orderBy('pages').getMany();
    expect(indexesOf(rows)).toEqual({ Article: 0, Book: 1 });
    // The oracle numbers Book 0 and Article 1: its tie-break puts Article (here #0) first.
    expect(rows.map(label)).toEqual(
      await oracle(db, { tables: [0, 1], orderBy: `pages, CASE WHEN idx = 1 THEN 0 ELSE 1 END, ipk` }),
    );
  });

  test("'#' is fixed at construction: filtering builder 0 out keeps the others' #", async () => {
    const seq = sequenceOf(db.dataSource, 'publications').where({ '#': In([1, 2]) });
    const rows = await seq.orderBy('pages').getMany();
    expect(rows.map(label)).toEqual(await oracle(db, { tables: [1, 2], orderBy: 'pages, idx, ipk, spk' }));
    expect(indexesOf(rows)).toEqual({ Article: 1, BlogPost: 2 });
    for (const row of rows) expect(sequenceIndexOf(row)).toBe(row instanceof Article ? 1 : 2);
    expect(seq.getQueries().map((q) => q.entity)).not.toContain('Book');
  });

  test("'#' stays fixed through exclude, a second filter and orderBy('#', 'DESC')", async () => {
    const seq = sequenceOf(db.dataSource, 'publications')
      .exclude({ '#': 1 })
      .andWhere({ '#': In([0, 2]) })
      .orderBy('#', 'DESC')
      .addOrderBy('pages');
    const rows = await seq.getMany();
    expect(rows.map(label)).toEqual(
      await oracle(db, { tables: [0, 2], orderBy: 'idx DESC, pages, ipk, spk' }),
    );
    expect(indexesOf(rows)).toEqual({ BlogPost: 2, Book: 0 });
    const only = await seq.where({ '#': 2 }).getMany();
    expect(only.map((row) => sequenceIndexOf(row))).toEqual(only.map(() => 2));
    expect(only).toHaveLength(5);
  });

  test("sequenceIndexOf leaves the entity as TypeORM gives it (no '#' in its JSON)", async () => {
    const [post] = await sequenceOf(db.dataSource, 'publications').where({ '#': 2, id: 'zz' }).getMany();
    expect(post).toBeInstanceOf(BlogPost);
    expect(sequenceIndexOf(post)).toBe(2);
    const own = await db.dataSource.getRepository(BlogPost).findOneByOrFail({ id: 'zz' });
    expect(JSON.stringify(post)).toBe(JSON.stringify(own));
    expect(sequenceIndexOf(own)).toBeUndefined();
  });

  test('from() with no builders is an empty sequence that runs no SQL', async () => {
    const { result, queries } = await db.counted(async () => {
      const empty = SequenceQueryBuilder.from();
      return {
        many: await empty.getMany(),
        count: await empty.getCount(),
        exists: await empty.getExists(),
        filtered: await empty.where('1 = 1').orderBy('#').skip(1).take(2).getMany(),
        builders: empty.getBuilders(),
        described: empty.getQueries(),
      };
    });
    expect(result).toEqual({ many: [], count: 0, exists: false, filtered: [], builders: [], described: [] });
    expect(queries).toEqual([]);
  });

  const PAGED: [string, (qb: SelectQueryBuilder<Book>) => SelectQueryBuilder<Book>][] = [
    ['skip', (qb) => qb.skip(1)],
    ['take', (qb) => qb.take(2)],
    ['limit', (qb) => qb.limit(2)],
    ['offset', (qb) => qb.offset(1)],
  ];

  test.each(PAGED)(
    'a builder already paged with %s throws UnsupportedOperationError at from()',
    async (_, page) => {
      const { queries } = await db.counted(async () => {
        expect(() => SequenceQueryBuilder.from(articles(), page(books()))).toThrow(UnsupportedOperationError);
        expect(() => SequenceQueryBuilder.from(articles(), page(books()))).toThrow(/Book/);
        expect(() => SequenceQueryBuilder.from(page(books()))).toThrow(/already paged/);
      });
      expect(queries).toEqual([]);
    },
  );
});
