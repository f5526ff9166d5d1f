import { EntityNotFoundError, In } from 'typeorm';
import { Book, Publisher, Story } from '../../entities';
import { IncompatibleOrderingError, SequenceQueryBuilder, UnknownFieldError, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const tail = (order: 'ASC' | 'DESC') => `idx ${order}, ipk ${order}, spk ${order}`;

describeEachDialect('getLatest() and getEarliest()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  /** `expr` with NULLs after every value whatever the direction, as SQL MAX()/MIN() treat them. */
  const nullsLast = (expr: string, order: 'ASC' | 'DESC') => `(${expr} IS NULL) ASC, ${expr} ${order}`;
  const release = () => db.q('release');

  beforeAll(() => seed(db));

  it("getLatest() defaults to @Sequenced latestBy ('release'): the latest release, NULLs ignored", async () => {
    const expected = await oracle(db, { orderBy: `${nullsLast(release(), 'DESC')}, ${tail('DESC')}` });
    const latest = await pubs().getLatest();
    expect(label(latest)).toBe(expected[0]);
    expect(label(latest)).toBe('Article:4');
    expect(latest.release).toBe('2023-01-01');
  });

  it('getEarliest() defaults to the earliest release, NULLs ignored, ties by # then primary key', async () => {
    const expected = await oracle(db, { orderBy: `${nullsLast(release(), 'ASC')}, ${tail('ASC')}` });
    const earliest = await pubs().getEarliest();
    expect(label(earliest)).toBe(expected[0]);
    // Article:5 and BlogPost:CAPS share 2019-05-05; Article has the lower '#'.
    expect(label(earliest)).toBe('Article:5');
  });

  it('a NULL release loses on every database, within each builder too', async () => {
    // Book 3 (cherry) has no release: NULL sorts first in DESC on PostgreSQL and first in ASC elsewhere.
    const books = pubs().where({ '#': 0 });
    const bookRows = await db.query(
      `SELECT id FROM ${db.q('book')} WHERE ${release()} IS NOT NULL ORDER BY ${release()} DESC, id DESC`,
    );
    expect(label(await books.getLatest())).toBe(`Book:${bookRows[0].id}`);
    expect(label(await books.getEarliest())).toBe(`Book:${bookRows[bookRows.length - 1].id}`);
    expect((await books.getLatest()).release).not.toBeNull();
    expect((await books.getEarliest()).release).not.toBeNull();
  });

  it('rows with a NULL release come only when no row has one', async () => {
    const seq = pubs().where('item.release IS NULL');
    const expected = await oracle(db, { where: `t.${release()} IS NULL`, orderBy: tail('DESC') });
    const latest = await seq.getLatest();
    expect(latest.release).toBeNull();
    expect(label(latest)).toBe(expected[0]);
  });

  it("explicit paths: getLatest('pages') is the most pages, getLatest('-pages') the fewest", async () => {
    const most = await oracle(db, { orderBy: `pages DESC, ${tail('DESC')}` });
    const fewest = await oracle(db, { orderBy: `pages ASC, ${tail('ASC')}` });
    expect(label(await pubs().getLatest('pages'))).toBe(most[0]);
    expect(label(await pubs().getLatest('-pages'))).toBe(fewest[0]);
    expect(label(await pubs().getEarliest('pages'))).toBe(fewest[0]);
    expect(label(await pubs().getEarliest('-pages'))).toBe(most[0]);
    expect([most[0], fewest[0]]).toEqual(['Book:4', 'BlogPost:nul']);
  });

  it('several paths break ties in turn, and a filter narrows the candidates', async () => {
    // pages 250 is shared by Book 2 and Book 6 (both released 2021-06-15): title DESC decides.
    const expected = await oracle(db, {
      where: 't.pages <= 250',
      orderBy: `pages DESC, ${nullsLast(release(), 'DESC')}, title DESC, ${tail('DESC')}`,
    });
    const latest = await pubs()
      .where('item.pages <= :max', { max: 250 })
      .getLatest('pages', 'release', 'title');
    expect(label(latest)).toBe(expected[0]);
  });

  it("getLatest()/getEarliest() ignore the sequence's own order", async () => {
    expect(label(await pubs().orderBy('title').getLatest())).toBe('Article:4');
    expect(label(await pubs().orderBy('pages', 'DESC').reverse().getLatest('pages'))).toBe('Book:4');
    expect(label(await pubs().orderBy('release', 'DESC').getEarliest('pages'))).toBe('BlogPost:nul');
  });

  it("an empty result throws TypeORM's EntityNotFoundError", async () => {
    const none = pubs().where({ title: 'no such title' });
    await expect(none.getLatest()).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(none.getEarliest('pages')).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(SequenceQueryBuilder.from().getLatest()).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  it('an entity without latestBy makes the default an IncompatibleOrderingError naming it, before SQL', async () => {
    const seq = SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('b'),
      db.dataSource.getRepository(Publisher).createQueryBuilder('p'),
    );
    db.logger.reset();
    await expect(seq.getLatest()).rejects.toThrow(IncompatibleOrderingError);
    await expect(seq.getEarliest()).rejects.toThrow(/Publisher/);
    const stories = SequenceQueryBuilder.from(db.dataSource.getRepository(Story).createQueryBuilder('s'));
    await expect(stories.getLatest()).rejects.toThrow(/Story/);
    expect(db.logger.queries).toEqual([]);
  });

  it('an explicit path that is not on every entity is an UnknownFieldError before SQL', async () => {
    db.logger.reset();
    await expect(pubs().getLatest('isbn')).rejects.toThrow(UnknownFieldError);
    await expect(pubs().getEarliest('-likes')).rejects.toThrow(/likes/);
    expect(db.logger.queries).toEqual([]);
  });

  it("a '#' restriction limits the candidates to those builders", async () => {
    const expected = await oracle(db, {
      tables: [0, 2],
      orderBy: `${nullsLast(release(), 'ASC')}, ${tail('ASC')}`,
    });
    const earliest = await pubs()
      .where({ '#': In([0, 2]) })
      .getEarliest();
    expect(label(earliest)).toBe(expected[0]);
    expect(label(earliest)).toBe('BlogPost:CAPS');
  });
});
