import { In, SelectQueryBuilder } from 'typeorm';
import { Article, Book } from '../../entities';
import { SequenceQueryBuilder, UnsupportedOperationError, unionBuilders } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describeEachDialect('combining: unionBuilders()', (db) => {
  const books = (alias = 'b') => db.dataSource.getRepository(Book).createQueryBuilder(alias);
  /** Book ids matching a hand-written condition, in a hand-written order. */
  const bookIds = async (where: string, orderBy = 'id ASC', extra = ''): Promise<number[]> =>
    (await db.query(`SELECT id FROM ${db.q('book')} WHERE ${where} ORDER BY ${orderBy}${extra}`)).map((r) =>
      Number(r.id),
    );
  // pages: Book 1 100, 2 250, 3 80, 4 300, 5 120, 6 250
  const union = () =>
    unionBuilders(books().where('b.pages >= :p', { p: 250 }), books().where('b.pages BETWEEN 100 AND 250'));
  const EITHER = '(pages >= 250 OR pages BETWEEN 100 AND 250)';

  beforeAll(() => seed(db));

  it('returns a plain SelectQueryBuilder whose rows are those of either side, each once', async () => {
    const qb = union();
    expect(qb).toBeInstanceOf(SelectQueryBuilder);
    expect(qb.alias).toBe('b');
    const rows = await qb.orderBy('b.id').getMany();
    expect(ids(rows)).toEqual(await bookIds(EITHER));
    expect(rows.every((r) => r instanceof Book)).toBe(true);
    expect(await qb.getCount()).toBe(5);
  });

  it('orderBy/addOrderBy, skip/take and where work on the result', async () => {
    const qb = union().orderBy('b.pages', 'DESC').addOrderBy('b.id', 'ASC');
    expect(ids(await qb.getMany())).toEqual(await bookIds(EITHER, 'pages DESC, id ASC'));
    expect(ids(await qb.skip(1).take(2).getMany())).toEqual(
      await bookIds(EITHER, 'pages DESC, id ASC', ' LIMIT 2 OFFSET 1'),
    );
    const filtered = union().andWhere('b.title <> :p', { p: 'Zulu' }).orderBy('b.id');
    expect(ids(await filtered.getMany())).toEqual(await bookIds(`${EITHER} AND title <> 'Zulu'`));
    const [rows, count] = await union()
      .andWhere({ pages: In([250, 300]) })
      .orderBy('b.id')
      .getManyAndCount();
    expect([ids(rows), count]).toEqual([await bookIds('pages IN (250, 300)'), 3]);
  });

  it("where() on the result filters the union's rows: it cannot bring in rows of neither side", async () => {
    // As with a sequence, where() replaces conditions added later, never what makes the builder (the union).
    // Book 3 (80 pages) is on neither side.
    const qb = union().where('b.pages <= :max', { max: 250 }).orderBy('b.id');
    expect(ids(await qb.getMany())).toEqual(await bookIds(`${EITHER} AND pages <= 250`));
    expect(await qb.getCount()).toBe(4);
    const objects = union().where({ pages: In([80, 300]) });
    expect(ids(await objects.getMany())).toEqual([4]);
  });

  it('distinct(true) and joins with to-many relations keep each entity once', async () => {
    const qb = union().distinct(true).leftJoinAndSelect('b.tags', 'tag').orderBy('b.id').skip(0).take(10);
    const rows = await qb.getMany();
    expect(ids(rows)).toEqual(await bookIds(EITHER));
    const book2 = rows.find((r) => r.id === 2)!;
    expect(book2.tags.map((t) => t.name).sort()).toEqual(['orm', 'sql']);
    expect(await qb.getCount()).toBe(5);
  });

  it('the result can be combined again and used in a sequence', async () => {
    const three = unionBuilders(union(), books().where('b.id = 3'));
    expect(ids(await three.orderBy('b.id').getMany())).toEqual([1, 2, 3, 4, 5, 6]);
    const seq = SequenceQueryBuilder.from(
      union(),
      db.dataSource.getRepository(Article).createQueryBuilder('a'),
    );
    expect(await seq.getCount()).toBe(10);
  });

  it('keeps the relations the first builder joins and selects (its entities look as before)', async () => {
    const a = books().leftJoinAndSelect('b.author', 'au').where('b.pages >= :p', { p: 250 });
    const rows = await unionBuilders(a, books().where('b.id = 1')).orderBy('b.id').getMany();
    expect(ids(rows)).toEqual([1, 2, 4, 6]);
    const authors = await db.query(
      `SELECT b.id AS id, a.name AS name FROM ${db.q('book')} b LEFT JOIN ${db.q('author')} a ` +
        `ON a.id = b.${db.q('authorId')} WHERE b.id IN (1, 2, 4, 6) ORDER BY b.id`,
    );
    expect(rows.map((r) => r.author?.name)).toEqual(authors.map((r) => r.name));
  });

  it('object conditions on both sides (both named orm_param_0) keep their own values', async () => {
    const a = books().where({ pages: 250 });
    const b = books().where({ pages: 80 });
    expect(Object.keys(a.getParameters())).toEqual(Object.keys(b.getParameters()));
    expect(ids(await unionBuilders(a, b).orderBy('b.id').getMany())).toEqual([2, 3, 6]);
    expect(ids(await unionBuilders(b, a).orderBy('b.id').getMany())).toEqual([2, 3, 6]);
  });

  it("both sides using ':id' keep their own value, and so does the outer query", async () => {
    const qb = unionBuilders(books().where('b.id = :id', { id: 1 }), books().where('b.id = :id', { id: 4 }));
    expect(ids(await qb.orderBy('b.id').getMany())).toEqual([1, 4]);
    const narrowed = qb.andWhere('b.id <> :id', { id: 1 });
    expect(ids(await narrowed.getMany())).toEqual([4]);
  });

  it('colliding names also stay apart through or() and and() of a sequence', async () => {
    const merged = SequenceQueryBuilder.from(books().where('b.id = :id', { id: 2 })).or(
      books().where('b.id = :id', { id: 5 }),
    );
    expect((await merged.getMany()).map((r) => r.id).sort()).toEqual([2, 5]);
    const both = SequenceQueryBuilder.from(books().where({ pages: In([80, 100, 250]) })).and(
      books().where({ pages: In([250, 300]) }),
    );
    expect((await both.getMany()).map((r) => r.id).sort()).toEqual([2, 6]);
  });

  it('a paged builder (skip/take/limit/offset) on either side is an UnsupportedOperationError saying so', () => {
    db.logger.reset();
    expect(() => unionBuilders(books().take(2), books())).toThrow(UnsupportedOperationError);
    expect(() => unionBuilders(books(), books().skip(1))).toThrow(/paged.*combine first, then page/);
    expect(() => unionBuilders(books().limit(1), books())).toThrow(UnsupportedOperationError);
    expect(() => unionBuilders(books(), books().offset(1))).toThrow(/second Book builder/);
    expect(db.logger.queries).toEqual([]);
  });

  it('builders of two different entities are an UnsupportedOperationError naming both', () => {
    const articles = db.dataSource.getRepository(Article).createQueryBuilder('a');
    expect(() => unionBuilders(books(), articles as any)).toThrow(UnsupportedOperationError);
    expect(() => unionBuilders(books(), articles as any)).toThrow(/Book.*Article/);
  });

  it('leaves both builders unchanged', async () => {
    const a = books().where('b.pages >= :p', { p: 250 });
    const b = books().where('b.id = :p', { p: 3 });
    const before = [
      a.getSql(),
      JSON.stringify(a.getParameters()),
      b.getSql(),
      JSON.stringify(b.getParameters()),
    ];
    await unionBuilders(a, b).getMany();
    expect([
      a.getSql(),
      JSON.stringify(a.getParameters()),
      b.getSql(),
      JSON.stringify(b.getParameters()),
    ]).toEqual(before);
    expect(ids(await a.orderBy('b.id').getMany())).toEqual([2, 4, 6]);
  });
});
