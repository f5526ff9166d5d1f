import { In, Not } from 'typeorm';
import { Article, BlogPost, Book, Publisher } from '../../entities';
import { SequenceQueryBuilder, UnsupportedOperationError, sequenceIndexOf, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const BY_TITLE = 'title ASC, idx ASC, ipk ASC, spk ASC';
const tagged = (entities: object[]) => entities.map((e) => `${sequenceIndexOf(e)}|${label(e)}`);

describeEachDialect('combining: or(), and(), none(), distinct()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const books = (alias = 'b') => db.dataSource.getRepository(Book).createQueryBuilder(alias);
  const articles = () => db.dataSource.getRepository(Article).createQueryBuilder('a');
  const posts = () => db.dataSource.getRepository(BlogPost).createQueryBuilder('p');
  const byTitle = (seq: SequenceQueryBuilder<any>) => seq.orderBy('title').getMany();

  beforeAll(() => seed(db));

  describe('or()', () => {
    it("merges a builder of an entity already there: rows of either side, once, with the existing '#'", async () => {
      const seq = pubs()
        .where('item.pages > :n', { n: 200 })
        .or(books().where('b.pages < :n', { n: 150 }));
      const expected = await oracle(db, {
        where: (table) => (table === 'book' ? 't.pages > 200 OR t.pages < 150' : 't.pages > 200'),
        orderBy: BY_TITLE,
      });
      const rows = await byTitle(seq);
      expect(rows.map(label)).toEqual(expected);
      expect(rows.filter((r) => r instanceof Book).every((r) => sequenceIndexOf(r) === 0)).toBe(true);
      expect(await seq.getCount()).toBe(expected.length);
    });

    it('a row matching both sides comes once', async () => {
      const seq = pubs()
        .where({ '#': 0, pages: In([250, 300]) })
        .or(books().where('b.pages >= :n', { n: 250 }));
      const rows = await byTitle(seq);
      expect(rows.map(label).sort()).toEqual(['Book:2', 'Book:4', 'Book:6']);
      expect(await seq.getCount()).toBe(3);
    });

    it("appends a builder of a new entity with the next '#'", async () => {
      const seq = SequenceQueryBuilder.from(books(), articles()).or(posts().where('p.likes >= :l', { l: 3 }));
      const rows = await byTitle(seq);
      const expected = await oracle(db, {
        where: (table) => (table === 'blog_post' ? 't.likes >= 3' : undefined),
        orderBy: BY_TITLE,
      });
      expect(rows.map(label)).toEqual(expected);
      expect(tagged(rows.filter((r) => r instanceof BlogPost)).sort()).toEqual([
        '2|BlogPost:apple',
        '2|BlogPost:hello',
        '2|BlogPost:zz',
      ]);
    });

    it("the next '#' follows the highest one, even when the sequence's own builders are filtered out", async () => {
      const seq = pubs()
        .where({ '#': 2 })
        .or(db.dataSource.getRepository(Publisher).createQueryBuilder('pub'));
      const rows = await seq.getMany();
      expect(tagged(rows.filter((r) => r instanceof Publisher)).sort()).toEqual([
        '3|Publisher:1',
        '3|Publisher:2',
      ]);
      expect(rows.filter((r) => r instanceof BlogPost)).toHaveLength(5);
      expect(rows).toHaveLength(7);
    });

    it('merging keeps the relations the existing builder joins and selects', async () => {
      const seq = SequenceQueryBuilder.from(
        books().leftJoinAndSelect('b.author', 'au').where('b.pages >= 250'),
      );
      const before = await seq.orderBy('title').getMany();
      expect(before.every((r) => 'author' in r)).toBe(true);
      const merged = await seq.or(books().where('b.id = 1')).orderBy('title').getMany();
      expect(merged.map(label).sort()).toEqual(['Book:1', 'Book:2', 'Book:4', 'Book:6']);
      expect(merged.map((r) => [label(r), r.author?.name])).toEqual(
        merged.map((r) => [label(r), r.id === 1 ? 'Alice' : before.find((b) => b.id === r.id)!.author?.name]),
      );
      expect(merged.every((r) => 'author' in r)).toBe(true);
    });

    it('or(sequence): builders of entities already there merge, the others append', async () => {
      const left = SequenceQueryBuilder.from(books().where('b.id = :id', { id: 1 }));
      const right = SequenceQueryBuilder.from(
        books().where('b.id = :id', { id: 4 }),
        articles().where('a.id = 2'),
      );
      const rows = await byTitle(left.or(right));
      expect(tagged(rows).sort()).toEqual(['0|Book:1', '0|Book:4', '1|Article:2']);
    });

    it('the conditions set on the sequence before or() stay with its own builders only', async () => {
      const seq = pubs()
        .where('item.title = :title', { title: 'cherry' })
        .or(books().where('b.title = :title', { title: 'zebra' }));
      expect((await byTitle(seq)).map(label).sort()).toEqual(['Article:3', 'Book:3', 'Book:5']);
    });

    it('or() with a paged builder is an UnsupportedOperationError before SQL', () => {
      db.logger.reset();
      expect(() => pubs().or(books().take(3))).toThrow(UnsupportedOperationError);
      expect(() => pubs().or(books().skip(1))).toThrow(/skip\/take/);
      expect(() => pubs().or(SequenceQueryBuilder.from(books().limit(2)))).toThrow(UnsupportedOperationError);
      expect(db.logger.queries).toEqual([]);
    });
  });

  describe('none()', () => {
    it('yields nothing and runs no SQL', async () => {
      const { result, queries } = await db.counted(async () => {
        const none = pubs().none();
        return [await none.getMany(), await none.getCount(), await none.getExists()];
      });
      expect(result).toEqual([[], 0, false]);
      expect(queries).toEqual([]);
    });

    it("none().or(qb) is qb's builder, with '#' 0", async () => {
      const seq = pubs()
        .none()
        .or(articles().where('a.pages >= :p', { p: 7 }));
      const rows = await byTitle(seq);
      expect(tagged(rows)).toEqual(
        (await oracle(db, { tables: [1], where: 't.pages >= 7', orderBy: BY_TITLE })).map((l) => `0|${l}`),
      );
      expect(seq.getBuilders()).toHaveLength(1);
    });

    it("none().or(sequence) is that sequence's builders, '#' as they were", async () => {
      const seq = SequenceQueryBuilder.from().or(pubs());
      const rows = await byTitle(seq);
      expect(rows.map(label)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
      expect(rows.map((r) => sequenceIndexOf(r))).toEqual(
        rows.map((r) => (r instanceof Book ? 0 : r instanceof Article ? 1 : 2)),
      );
    });
  });

  describe('and()', () => {
    it("keeps only the builders of qb's entity, restricted to qb's rows, '#' kept", async () => {
      const seq = pubs().and(books().where('b.pages >= :n', { n: 250 }));
      const rows = await byTitle(seq);
      expect(rows.map(label)).toEqual(
        await oracle(db, { tables: [0], where: 't.pages >= 250', orderBy: BY_TITLE }),
      );
      expect(rows.every((r) => sequenceIndexOf(r) === 0)).toBe(true);
      const later = SequenceQueryBuilder.from(articles(), books()).and(books().where('b.id = 2'));
      expect(tagged(await later.getMany())).toEqual(['1|Book:2']);
    });

    it('intersects with the sequence conditions, even when both use the same parameter name', async () => {
      const seq = SequenceQueryBuilder.from(books().where('b.pages > :n', { n: 100 }), articles())
        .where({ title: Not('zebra') })
        .and(books('x').where('x.pages <= :n', { n: 250 }));
      const rows = await byTitle(seq);
      expect(rows.map(label).sort()).toEqual(['Book:2', 'Book:6']);
      const noFilter = SequenceQueryBuilder.from(books().where('b.pages > :n', { n: 100 })).and(
        books('x').where('x.pages <= :n', { n: 250 }),
      );
      expect((await byTitle(noFilter)).map(label).sort()).toEqual(['Book:2', 'Book:5', 'Book:6']);
    });

    it('and() with a paged builder is an UnsupportedOperationError', () => {
      expect(() => pubs().and(books().take(2))).toThrow(UnsupportedOperationError);
    });
  });

  describe('distinct()', () => {
    it('throws UnsupportedOperationError when two builders share an entity, naming it and or()', () => {
      const seq = SequenceQueryBuilder.from(books(), articles(), books().where('b.pages > 100'));
      expect(() => seq.distinct()).toThrow(UnsupportedOperationError);
      expect(() => seq.distinct()).toThrow(/Book/);
      expect(() => seq.distinct()).toThrow(/or\(\)/);
    });

    it('on builders of different entities changes nothing: every row once', async () => {
      const rows = await byTitle(pubs().distinct());
      expect(rows.map(label)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
    });

    it('after merging the shared entity with or(), distinct() works', async () => {
      const seq = SequenceQueryBuilder.from(books().where('b.pages > 200'))
        .or(books().where('b.pages >= 250'))
        .distinct();
      expect((await byTitle(seq)).map(label).sort()).toEqual(['Book:2', 'Book:4', 'Book:6']);
    });
  });
});
