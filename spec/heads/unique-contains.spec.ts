import { EntityNotFoundError, In } from 'typeorm';
import { Article, BlogPost, Book, Publisher } from '../../entities';
import { MultipleEntitiesFoundError, SequenceQueryBuilder, sequenceOf } from '../../src';
import { label, seed, type Seeded } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

describeEachDialect('getUnique() and contains()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const titled = (title: string) => pubs().where({ title });
  /** Entities as TypeORM loads them (seed() returns the plain objects it saved, not class instances). */
  const loaded = { book1: new Book(), book4: new Book(), article1: new Article(), post: new BlogPost() };
  let publisher: Publisher;

  beforeAll(async () => {
    const fixture: Seeded = await seed(db);
    const m = db.dataSource.manager;
    loaded.book1 = await m.findOneByOrFail(Book, { id: fixture.books[0].id });
    loaded.book4 = await m.findOneByOrFail(Book, { id: fixture.books[3].id });
    loaded.article1 = await m.findOneByOrFail(Article, { id: fixture.articles[0].id });
    loaded.post = await m.findOneByOrFail(BlogPost, { id: 'hello' });
    publisher = await m.findOneByOrFail(Publisher, { id: fixture.publishers[0].id });
  });

  describe('getUnique()', () => {
    it('exactly one match: that entity, fully loaded', async () => {
      const delta = await titled('delta').getUnique();
      expect(delta).toBeInstanceOf(Article);
      expect(label(delta)).toBe('Article:4');
      expect(delta).toMatchObject({ title: 'delta', pages: 12, medium: 'Wired', release: '2023-01-01' });
      expect(label(await titled('CAPS LOCK').getUnique())).toBe('BlogPost:CAPS');
    });

    it("no match: TypeORM's EntityNotFoundError", async () => {
      await expect(titled('no such title').getUnique()).rejects.toBeInstanceOf(EntityNotFoundError);
      await expect(pubs().none().getUnique()).rejects.toBeInstanceOf(EntityNotFoundError);
    });

    it('more than one match, across entities or within one: MultipleEntitiesFoundError', async () => {
      // 'cherry' is both Book 3 and Article 3; 'apple pie' is Book 1 and BlogPost 'apple'.
      await expect(titled('cherry').getUnique()).rejects.toBeInstanceOf(MultipleEntitiesFoundError);
      await expect(titled('apple pie').getUnique()).rejects.toThrow(MultipleEntitiesFoundError);
      await expect(pubs().where({ '#': 0, pages: 250 }).getUnique()).rejects.toThrow(
        MultipleEntitiesFoundError,
      );
    });

    it('one entity with several to-many rows joined is still unique', async () => {
      const hello = await pubs().leftJoinAndSelect('tags').where({ title: 'hello world' }).getUnique();
      expect(label(hello)).toBe('BlogPost:hello');
      expect(hello.tags.map((t: { name: string }) => t.name).sort()).toEqual(['django', 'orm']);
    });

    it("a '#' filter that leaves one row makes it unique", async () => {
      const cherry = await titled('cherry').where({ title: 'cherry', '#': 1 }).getUnique();
      expect(label(cherry)).toBe('Article:3');
    });
  });

  describe('contains()', () => {
    it('true for every entity the sequence returns', async () => {
      const seq = pubs().where('item.pages > :n', { n: 4 });
      const returned = await seq.getMany();
      expect(returned.length).toBeGreaterThan(0);
      for (const entity of returned)
        expect([label(entity), await seq.contains(entity)]).toEqual([label(entity), true]);
    });

    it('true for an entity loaded by TypeORM that the sequence would return', async () => {
      expect(
        await pubs()
          .where({ pages: In([300]) })
          .contains(loaded.book4),
      ).toBe(true);
      const post = await db.dataSource.getRepository(BlogPost).findOneByOrFail({ id: 'zz' });
      expect(await pubs().contains(post)).toBe(true);
    });

    it('false for an entity the filters leave out', async () => {
      const seq = pubs().where('item.pages > :n', { n: 50 });
      expect(await seq.contains(loaded.book1)).toBe(true);
      expect(await seq.contains(loaded.article1)).toBe(false);
      expect(await seq.contains(loaded.post)).toBe(false);
      expect(
        await pubs()
          .where({ '#': In([1, 2]) })
          .contains(loaded.book1),
      ).toBe(false);
    });

    it('false for an entity of a class not in the sequence, even with an existing primary key', async () => {
      const onlyArticles = SequenceQueryBuilder.from(
        db.dataSource.getRepository(Article).createQueryBuilder('a'),
      );
      // Book 1 and Article 1 share the primary key 1.
      expect(await onlyArticles.contains(loaded.article1)).toBe(true);
      expect(await onlyArticles.contains(loaded.book1 as any)).toBe(false);
      expect(await pubs().contains(publisher as any)).toBe(false);
    });

    it('follows or(): true for a row of either merged side, false for a row of neither', async () => {
      const books = () => db.dataSource.getRepository(Book).createQueryBuilder('b');
      const seq = SequenceQueryBuilder.from(books().where('b.pages = 300')).or(
        books().where('b.pages = 100'),
      );
      expect(await seq.contains(loaded.book4)).toBe(true);
      expect(await seq.contains(loaded.book1)).toBe(true);
      const book2 = await db.dataSource.getRepository(Book).findOneByOrFail({ id: 2 });
      expect(await seq.contains(book2)).toBe(false);
    });

    it('false for an unsaved or deleted-looking entity of a class in the sequence', async () => {
      const ghost = Object.assign(new Book(), { id: 9999, title: 'ghost' });
      expect(await pubs().contains(ghost)).toBe(false);
      const post = Object.assign(new BlogPost(), { id: 'nope' });
      expect(await pubs().contains(post)).toBe(false);
    });

    it('an empty sequence contains nothing and runs no SQL', async () => {
      const { result, queries } = await db.counted(() => pubs().none().contains(loaded.book1));
      expect(result).toBe(false);
      expect(queries).toEqual([]);
    });

    it('an entity of a class not in the sequence runs no SQL', async () => {
      const { result, queries } = await db.counted(() => pubs().contains(publisher as any));
      expect(result).toBe(false);
      expect(queries).toEqual([]);
    });
  });
});
