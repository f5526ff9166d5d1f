import { Author } from '../../entities';
import { UnknownFieldError } from '../../src';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { joinedRows, labels, loadedByTypeorm, normalized, pubs, tail } from './projection-oracle';

const BY_TITLE = `title ASC, ${tail('ASC')}`;
const TAG_TABLES: Record<string, [string, string]> = {
  book: ['book_tags', 'bookId'],
  article: ['article_tags', 'articleId'],
  blog_post: ['blog_post_tags', 'blogPostId'],
};

describeEachDialect('joins: leftJoinAndSelect, innerJoinAndSelect, leftJoin, innerJoin', (db) => {
  const hasTag = (names: string) => (table: string) =>
    `EXISTS (SELECT 1 FROM ${db.q(TAG_TABLES[table][0])} jt JOIN ${db.q('tag')} g ON g.id = jt.${db.q('tagId')} ` +
    `WHERE jt.${db.q(TAG_TABLES[table][1])} = t.id AND g.name IN (${names}))`;

  beforeAll(() => seed(db));

  it("leftJoinAndSelect('author') loads the author of every entity, as TypeORM itself does", async () => {
    const rows = await pubs(db).leftJoinAndSelect('author').orderBy('title').getMany();
    expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
    for (const entity of rows) {
      const own = await loadedByTypeorm(db, entity, (qb) => qb.leftJoinAndSelect('item.author', 'author'));
      expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
    }
    expect(rows.filter((e) => e.author instanceof Author)).toHaveLength(13);
  });

  it("leftJoinAndSelect('author').leftJoinAndSelect('author.publisher') loads two levels", async () => {
    const rows = await pubs(db).leftJoinAndSelect('author').leftJoinAndSelect('author.publisher').getMany();
    expect(rows).toHaveLength(16);
    for (const entity of rows) {
      const own = await loadedByTypeorm(db, entity, (qb) =>
        qb.leftJoinAndSelect('item.author', 'author').leftJoinAndSelect('author.publisher', 'publisher'),
      );
      expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
    }
    const carol = rows.find((e) => e.author?.name === 'Carol');
    expect(carol.author.publisher).toBeNull();
    expect(rows.find((e) => e.author?.name === 'bob').author.publisher.name).toBe('apress');
  });

  it("innerJoinAndSelect('author') drops the entities without an author", async () => {
    const seq = pubs(db).innerJoinAndSelect('author').orderBy('title');
    const expected = await oracle(db, { where: `t.${db.q('authorId')} IS NOT NULL`, orderBy: BY_TITLE });
    const rows = await seq.getMany();
    expect(labels(rows)).toEqual(expected);
    expect(rows.every((e) => e.author instanceof Author)).toBe(true);
    expect(await seq.getCount()).toBe(13);
  });

  it("leftJoinAndSelect('tags') (to-many) returns each entity once with all its tags", async () => {
    const seq = pubs(db).leftJoinAndSelect('tags').orderBy('title');
    const rows = await seq.getMany();
    expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
    for (const entity of rows) {
      const own = await loadedByTypeorm(db, entity, (qb) => qb.leftJoinAndSelect('item.tags', 'tags'));
      expect(normalized(entity)).toEqual(normalized(own));
    }
    expect(await seq.getCount()).toBe(16);
  });

  it('with a to-many join, skip/take count entities: the pages put together are the whole list', async () => {
    const seq = pubs(db).leftJoinAndSelect('tags').orderBy('pages', 'DESC');
    const expected = await oracle(db, { orderBy: `pages DESC, ${tail('DESC')}` });
    const pages: string[][] = [];
    for (let skip = 0; skip < 16; skip += 5) pages.push(labels(await seq.skip(skip).take(5).getMany()));
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 1]);
    expect(pages.flat()).toEqual(expected);
    const [page, count] = await seq.skip(3).take(4).getManyAndCount();
    expect([labels(page), count]).toEqual([expected.slice(3, 7), 16]);
  });

  it("orderBy('author.name') with leftJoinAndSelect('author'): the database's order, authors loaded", async () => {
    for (const order of ['ASC', 'DESC'] as const) {
      const expected = (await joinedRows(db, `author_name ${order}, ${tail(order)}`)).map((r) => r.label);
      const rows = await pubs(db).leftJoinAndSelect('author').orderBy('author.name', order).getMany();
      expect(labels(rows)).toEqual(expected);
      expect(rows.filter((e) => e.author !== null)).toHaveLength(13);
    }
  });

  it("leftJoin('author') joins without loading: usable in string conditions, nothing added to entities", async () => {
    const seq = pubs(db).leftJoin('author').where('author.name = :n', { n: 'Alice' }).orderBy('title');
    const expected = (await joinedRows(db, BY_TITLE, `a.name = 'Alice'`)).map((r) => r.label);
    const rows = await seq.getMany();
    expect(labels(rows)).toEqual(expected);
    expect(rows.every((e) => !('author' in e))).toBe(true);
  });

  it("innerJoin('tags') with a condition on the tags returns each matching entity once", async () => {
    const seq = pubs(db)
      .innerJoin('tags')
      .where('tags.name IN (:...names)', { names: ['orm', 'sql'] });
    const expected = await oracle(db, { where: hasTag(`'orm', 'sql'`), orderBy: BY_TITLE });
    expect(labels(await seq.orderBy('title').getMany())).toEqual(expected);
    expect(expected.filter((l) => l === 'Book:2')).toHaveLength(1);
    expect(await seq.getCount()).toBe(expected.length);
  });

  it('an explicit alias, and the default alias of a nested path (dots become _), serve string conditions', async () => {
    const byWriter = pubs(db).leftJoinAndSelect('author', 'writer').where('writer.name = :n', { n: 'bob' });
    expect(labels(await byWriter.orderBy('title').getMany())).toEqual(
      (await joinedRows(db, BY_TITLE, `a.name = 'bob'`)).map((r) => r.label),
    );
    const penguin = pubs(db)
      .leftJoinAndSelect('author')
      .leftJoinAndSelect('author.publisher')
      .where('author_publisher.name = :p', { p: 'Penguin' });
    const rows = await penguin.getMany();
    expect(rows).toHaveLength(7);
    expect(rows.every((e) => e.author.publisher.name === 'Penguin')).toBe(true);
  });

  it('a join path that is not a relation of every entity is an UnknownFieldError, before SQL', () => {
    db.logger.reset();
    expect(() => pubs(db).leftJoinAndSelect('medium')).toThrow(UnknownFieldError);
    expect(() => pubs(db).innerJoin('title')).toThrow(/title/);
    expect(() => pubs(db).leftJoinAndSelect('author.nope')).toThrow(/author\.nope/);
    expect(db.logger.queries).toEqual([]);
  });
});
