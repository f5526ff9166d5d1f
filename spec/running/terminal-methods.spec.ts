import { EntityNotFoundError, In } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceIndexOf, sequenceOf } from '../../src';
import { labels, tail } from '../ordering/order-oracle';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

describeEachDialect('getOne, getOneOrFail, getCount, getManyAndCount, getExists, sequenceIndexOf', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const titleOrder = () => oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
  const titled = (title: string) => pubs().where('item.title = :title', { title });

  beforeAll(() => seed(db));

  it('getOne() is the first row of the order, honouring skip', async () => {
    const full = await titleOrder();
    const one = await pubs().orderBy('title').getOne();
    expect(one && labels([one])).toEqual([full[0]]);
    const third = await pubs().orderBy('title').skip(2).getOne();
    expect(third && labels([third])).toEqual([full[2]]);
    const desc = await pubs().orderBy('title', 'DESC').getOne();
    expect(desc && labels([desc])).toEqual([full[full.length - 1]]);
  });

  it('getOne() with no orderBy is the first Book in its default order', async () => {
    const [first] = await db.query(`SELECT id FROM ${db.q('book')} ORDER BY title ASC`);
    const one = await pubs().getOne();
    expect(one).toBeInstanceOf(Book);
    expect(one!.id).toBe(first.id);
  });

  it('getOne() is null when nothing matches', async () => {
    expect(await titled('no such title').getOne()).toBeNull();
    expect(await pubs().orderBy('title').skip(16).getOne()).toBeNull();
  });

  it('getOneOrFail() gives the first row, or throws TypeORM EntityNotFoundError when empty', async () => {
    const found = await titled('CAPS LOCK').getOneOrFail();
    expect(labels([found])).toEqual(['BlogPost:CAPS']);
    await expect(titled('no such title').getOneOrFail()).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(pubs().orderBy('title').skip(99).getOneOrFail()).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  it('getCount() equals the oracle count and ignores skip/take', async () => {
    expect(await pubs().getCount()).toBe(16);
    const where = `t.pages >= 5 AND t.${db.q('release')} IS NOT NULL`;
    const expected = (await oracle(db, { where, orderBy: tail('ASC') })).length;
    const seq = pubs().where(`item.pages >= 5 AND item.release IS NOT NULL`);
    expect(await seq.getCount()).toBe(expected);
    expect(await seq.skip(2).take(1).getCount()).toBe(expected);
    expect(await titled('no such title').getCount()).toBe(0);
  });

  it('getCount() counts each row once when a to-many filter matches it several times', async () => {
    const q = (n: string) => db.q(n);
    const fk: Record<string, string> = { book: 'bookId', article: 'articleId', blog_post: 'blogPostId' };
    const where = (table: string) =>
      `t.id IN (SELECT jt.${q(fk[table])} FROM ${q(`${table}_tags`)} jt JOIN ${q('tag')} g ` +
      `ON g.id = jt.${q('tagId')} WHERE g.name IN ('django', 'orm'))`;
    const expected = await oracle(db, { where, orderBy: `title ASC, ${tail('ASC')}` });
    const seq = pubs().where({ tags: { name: In(['django', 'orm']) } });
    expect(await seq.getCount()).toBe(expected.length);
    expect(labels(await seq.orderBy('title').getMany())).toEqual(expected);
  });

  it('getManyAndCount() gives the page and the count of all rows', async () => {
    const [page, count] = await pubs().orderBy('title').skip(2).take(3).getManyAndCount();
    expect(labels(page)).toEqual((await titleOrder()).slice(2, 5));
    expect(count).toBe(16);
    const [none, zero] = await titled('no such title').getManyAndCount();
    expect([none, zero]).toEqual([[], 0]);
  });

  it('getExists() is true with one query when builder 0 has rows', async () => {
    const { result, queries } = await db.counted(() => pubs().getExists());
    expect(result).toBe(true);
    expect(queries).toHaveLength(1);
  });

  it('getExists() asks the builders in # order until one has a row', async () => {
    const onlyArticle = await db.counted(() => titled('delta').getExists());
    expect(onlyArticle.result).toBe(true);
    expect(onlyArticle.queries.length).toBeLessThanOrEqual(2);
    const onlyPost = await db.counted(() => titled('CAPS LOCK').getExists());
    expect(onlyPost.result).toBe(true);
    expect(onlyPost.queries.length).toBeLessThanOrEqual(3);
  });

  it('getExists() is false when no builder has a row', async () => {
    const { result, queries } = await db.counted(() => titled('no such title').getExists());
    expect(result).toBe(false);
    expect(queries.length).toBeLessThanOrEqual(3);
  });

  it('an empty sequence runs no SQL: [], null, 0, false', async () => {
    const { result, queries } = await db.counted(async () => {
      const empty = SequenceQueryBuilder.from();
      return [await empty.getMany(), await empty.getOne(), await empty.getCount(), await empty.getExists()];
    });
    expect(result).toEqual([[], null, 0, false]);
    expect(queries).toEqual([]);
  });

  it("sequenceIndexOf() gives each returned entity's #", async () => {
    const all = await pubs().orderBy('title').getMany();
    expect(all).toHaveLength(16);
    for (const entity of all) {
      const expected = entity instanceof Book ? 0 : entity instanceof Article ? 1 : 2;
      expect([labels([entity])[0], sequenceIndexOf(entity)]).toEqual([labels([entity])[0], expected]);
    }
    expect(
      sequenceIndexOf(await db.dataSource.getRepository(Book).findOneByOrFail({ id: 1 })),
    ).toBeUndefined();
  });

  it("sequenceIndexOf() is the builder's place in from(), not the entity's registered position", async () => {
    const seq = SequenceQueryBuilder.from(
      db.dataSource.getRepository(BlogPost).createQueryBuilder('p'),
      db.dataSource.getRepository(Book).createQueryBuilder('b'),
    );
    const all = await seq.getMany();
    expect(all).toHaveLength(11);
    expect(all.map((e) => sequenceIndexOf(e))).toEqual(all.map((e) => (e instanceof BlogPost ? 0 : 1)));
  });

  it('two builders of one entity: a row in both comes twice, each copy with its own #', async () => {
    const books = () => db.dataSource.getRepository(Book).createQueryBuilder('b');
    const seq = SequenceQueryBuilder.from(books().where('b.pages >= 250'), books().where('b.pages <= 250'));
    const rows = await db.query(
      `SELECT idx, id FROM (SELECT 0 AS idx, id, pages FROM ${db.q('book')} WHERE pages >= 250 UNION ALL ` +
        `SELECT 1 AS idx, id, pages FROM ${db.q('book')} WHERE pages <= 250) u ORDER BY pages ASC, idx ASC, id ASC`,
    );
    const got = await seq.orderBy('pages').getMany();
    expect(got.map((e) => `${sequenceIndexOf(e)}:${e.id}`)).toEqual(rows.map((r) => `${r.idx}:${r.id}`));
    expect(got).toHaveLength(8);
  });

  it('a returned entity serializes exactly as TypeORM loads it (no extra field)', async () => {
    const all = await pubs().orderBy('title').getMany();
    for (const entity of all) {
      const target = entity.constructor as typeof Book;
      const plain = await db.dataSource.getRepository(target).findOneByOrFail({ id: (entity as Book).id });
      expect(JSON.stringify(entity)).toBe(JSON.stringify(plain));
      expect(Object.keys(entity).sort()).toEqual(Object.keys(plain).sort());
    }
  });
});
