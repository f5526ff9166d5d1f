import { sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { authorOracle, labels, nullsTerm, tail } from './order-oracle';

describeEachDialect('orderBy / addOrderBy', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const release = () => db.q('release');

  beforeAll(() => seed(db));

  it("orderBy('title') follows the database's collation, Book before BlogPost on equal titles", async () => {
    const expected = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
    const got = labels(await pubs().orderBy('title').getMany());
    expect(got).toEqual(expected);
    // 'apple pie' is both Book:1 and BlogPost:apple (equal on every collation): the Book comes first.
    expect(got.indexOf('Book:1')).toBeLessThan(got.indexOf('BlogPost:apple'));
    expect(got).toHaveLength(16);
  });

  it("orderBy('title', 'DESC') puts BlogPost before Book on equal titles", async () => {
    const expected = await oracle(db, { orderBy: `title DESC, ${tail('DESC')}` });
    const got = labels(await pubs().orderBy('title', 'DESC').getMany());
    expect(got).toEqual(expected);
    expect(got.indexOf('BlogPost:apple')).toBeLessThan(got.indexOf('Book:1'));
    expect(got.indexOf('BlogPost:zz')).toBeLessThan(got.indexOf('Book:5'));
  });

  it("orderBy('release', 'DESC') keeps the database's own NULL placement", async () => {
    const expected = await oracle(db, { orderBy: `${release()} DESC, ${tail('DESC')}` });
    expect(labels(await pubs().orderBy('release', 'DESC').getMany())).toEqual(expected);
  });

  it("orderBy('release') ascending with the database's own NULL placement", async () => {
    const expected = await oracle(db, { orderBy: `${release()} ASC, ${tail('ASC')}` });
    expect(labels(await pubs().orderBy('release').getMany())).toEqual(expected);
  });

  it("orderBy('pages').addOrderBy('title', 'DESC'): ties on the last key follow its direction", async () => {
    const expected = await oracle(db, { orderBy: `pages ASC, title DESC, ${tail('DESC')}` });
    expect(labels(await pubs().orderBy('pages').addOrderBy('title', 'DESC').getMany())).toEqual(expected);
  });

  it("orderBy('release', 'ASC', 'NULLS FIRST')", async () => {
    const expected = await oracle(db, {
      orderBy: `${nullsTerm(db, release(), 'ASC', 'NULLS FIRST')}, ${tail('ASC')}`,
    });
    const got = labels(await pubs().orderBy('release', 'ASC', 'NULLS FIRST').getMany());
    expect(got).toEqual(expected);
    expect(got.slice(0, 3).sort()).toEqual(['Article:2', 'BlogPost:nul', 'Book:3']);
  });

  it("orderBy('release', 'ASC', 'NULLS LAST')", async () => {
    const expected = await oracle(db, {
      orderBy: `${nullsTerm(db, release(), 'ASC', 'NULLS LAST')}, ${tail('ASC')}`,
    });
    const got = labels(await pubs().orderBy('release', 'ASC', 'NULLS LAST').getMany());
    expect(got).toEqual(expected);
    expect(got.slice(-3)).toEqual(['Book:3', 'Article:2', 'BlogPost:nul']);
  });

  it("orderBy('release', 'DESC', 'NULLS FIRST') with ties broken DESC", async () => {
    const expected = await oracle(db, {
      orderBy: `${nullsTerm(db, release(), 'DESC', 'NULLS FIRST')}, ${tail('DESC')}`,
    });
    const got = labels(await pubs().orderBy('release', 'DESC', 'NULLS FIRST').getMany());
    expect(got).toEqual(expected);
    expect(got.slice(0, 3)).toEqual(['BlogPost:nul', 'Article:2', 'Book:3']);
  });

  it("orderBy('#', 'DESC') reverses the builders, each by primary key descending", async () => {
    const expected = await oracle(db, { orderBy: tail('DESC') });
    const got = labels(await pubs().orderBy('#', 'DESC').getMany());
    expect(got).toEqual(expected);
    expect(got.slice(-6)).toEqual(['Book:6', 'Book:5', 'Book:4', 'Book:3', 'Book:2', 'Book:1']);
  });

  it("orderBy('#') gives the builders in '#' order, each by primary key", async () => {
    const got = labels(await pubs().orderBy('#').getMany());
    expect(got).toEqual(await oracle(db, { orderBy: tail('ASC') }));
    expect(got.slice(0, 6)).toEqual(['Book:1', 'Book:2', 'Book:3', 'Book:4', 'Book:5', 'Book:6']);
  });

  it("orderBy('author.name') keeps rows without an author, in the database's NULL placement", async () => {
    const expected = await authorOracle(db, `author_name ASC, ${tail('ASC')}`);
    const got = labels(await pubs().orderBy('author.name').getMany());
    expect(got).toEqual(expected);
    expect(got).toHaveLength(16);
  });

  it("orderBy('author.name', 'DESC')", async () => {
    const expected = await authorOracle(db, `author_name DESC, ${tail('DESC')}`);
    expect(labels(await pubs().orderBy('author.name', 'DESC').getMany())).toEqual(expected);
  });

  it("orderBy('author') orders by Author's default order (name ASC)", async () => {
    const expected = await authorOracle(db, `author_name ASC, ${tail('ASC')}`);
    expect(labels(await pubs().orderBy('author').getMany())).toEqual(expected);
  });

  it("orderBy('author', 'DESC') flips Author's default order", async () => {
    const expected = await authorOracle(db, `author_name DESC, ${tail('DESC')}`);
    expect(labels(await pubs().orderBy('author', 'DESC').getMany())).toEqual(expected);
  });

  it("orderBy('author.publisher.name') joins two levels, keeping rows with no author or publisher", async () => {
    const expected = await authorOracle(db, `publisher_name DESC, ${tail('DESC')}`);
    const got = labels(await pubs().orderBy('author.publisher.name', 'DESC').getMany());
    expect(got).toEqual(expected);
    expect(got).toHaveLength(16);
  });

  it("orderBy('author.id', 'DESC') is the foreign key order", async () => {
    const expected = await oracle(db, { orderBy: `author_id DESC, ${tail('DESC')}` });
    expect(labels(await pubs().orderBy('author.id', 'DESC').getMany())).toEqual(expected);
  });

  it("orderBy('#').addOrderBy('title'): builder by builder, each by title", async () => {
    const expected = await oracle(db, { orderBy: `idx ASC, title ASC, ${tail('ASC')}` });
    expect(labels(await pubs().orderBy('#').addOrderBy('title').getMany())).toEqual(expected);
  });

  it("orderBy('title').addOrderBy('#', 'DESC'): on equal titles the later builder first", async () => {
    const expected = await oracle(db, { orderBy: `title ASC, ${tail('DESC')}` });
    const got = labels(await pubs().orderBy('title').addOrderBy('#', 'DESC').getMany());
    expect(got).toEqual(expected);
    expect(got.indexOf('BlogPost:apple')).toBeLessThan(got.indexOf('Book:1'));
  });

  it('orderBy() replaces the earlier order; addOrderBy() appends', async () => {
    const replaced = labels(await pubs().orderBy('pages', 'DESC').orderBy('title').getMany());
    expect(replaced).toEqual(await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` }));
    const appended = labels(await pubs().orderBy('release', 'DESC').addOrderBy('title').getMany());
    expect(appended).toEqual(await oracle(db, { orderBy: `${release()} DESC, title ASC, ${tail('ASC')}` }));
  });

  it('orderBy() returns a new builder and leaves the receiver as it was', async () => {
    const base = pubs().orderBy('title');
    const other = base.orderBy('pages', 'DESC');
    expect(other).not.toBe(base);
    expect(labels(await base.getMany())).toEqual(await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` }));
  });

  it('combines a filter with an order: the order of the filtered union', async () => {
    const got = labels(await pubs().where('item.pages >= :n', { n: 5 }).orderBy('title', 'DESC').getMany());
    expect(got).toEqual(await oracle(db, { where: 't.pages >= 5', orderBy: `title DESC, ${tail('DESC')}` }));
  });
});
