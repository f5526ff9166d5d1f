import { In, IsNull, LessThan } from 'typeorm';
import { Article, Book } from '../../entities';
import { SequenceQueryBuilder, UnknownFieldError, UnsupportedOperationError, sequenceOf } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { changedLabels, reset, tableState } from './write-helpers';

/** byEntity without the entities that had no matching row (whether they are listed with 0 is not specified). */
const nonZero = (byEntity: Record<string, number>) =>
  Object.fromEntries(Object.entries(byEntity).filter(([, n]) => n !== 0));

describeEachDialect('writes: update() and delete()', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');

  beforeEach(() => reset(db, seed));

  describe('update()', () => {
    it('applies a relation-path filter to every builder and counts rows per entity class', async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where({ author: { name: 'Alice' } })
        .update({ pages: 999 });
      expect(result).toEqual({ affected: 4, byEntity: { Book: 2, Article: 1, BlogPost: 1 } });
      const after = await tableState(db);
      const changed = changedLabels(before, after);
      expect(changed).toEqual(['Article:1', 'BlogPost:hello', 'Book:1', 'Book:6']);
      expect(changed.every((l) => after[l].pages === 999)).toBe(true);
    });

    it("a '#' filter restricts the write to those builders", async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where({ author: { name: 'Alice' }, '#': In([0, 2]) })
        .update({ title: 'Renamed' });
      expect([result.affected, nonZero(result.byEntity)]).toEqual([3, { Book: 2, BlogPost: 1 }]);
      const after = await tableState(db);
      expect(changedLabels(before, after)).toEqual(['BlogPost:hello', 'Book:1', 'Book:6']);
      expect(after['Book:6'].title).toBe('Renamed');
    });

    it('string conditions, exclude() and dates: NULL releases set, others untouched', async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where('item.release IS NULL')
        .exclude({ title: 'banana' })
        .update({ release: '2000-02-03' });
      expect([result.affected, nonZero(result.byEntity)]).toEqual([2, { Book: 1, BlogPost: 1 }]);
      const after = await tableState(db);
      expect(changedLabels(before, after)).toEqual(['BlogPost:nul', 'Book:3']);
      expect([after['Book:3'].release, after['BlogPost:nul'].release, after['Article:2'].release]).toEqual([
        '2000-02-03',
        '2000-02-03',
        null,
      ]);
    });

    it("the builders' own conditions and joins apply", async () => {
      const before = await tableState(db);
      const seq = SequenceQueryBuilder.from(
        db.dataSource.getRepository(Book).createQueryBuilder('b').where('b.pages >= :p', { p: 250 }),
        db.dataSource
          .getRepository(Article)
          .createQueryBuilder('a')
          .innerJoin('a.author', 'w')
          .where('a.medium = :p', { p: 'Wired' })
          .andWhere('w.name = :w', { w: 'bob' }),
      );
      expect(await seq.update({ pages: 1 })).toEqual({ affected: 4, byEntity: { Book: 3, Article: 1 } });
      expect(changedLabels(before, await tableState(db))).toEqual([
        'Article:2',
        'Book:2',
        'Book:4',
        'Book:6',
      ]);
    });

    it('a sequence merged with or() or restricted with and() updates the rows it returns', async () => {
      const books = (alias = 'b') => db.dataSource.getRepository(Book).createQueryBuilder(alias);
      const before = await tableState(db);
      const merged = SequenceQueryBuilder.from(books().where('b.pages >= :p', { p: 250 })).or(
        books().where('b.pages = :p', { p: 80 }),
      );
      expect(await merged.update({ pages: 77 })).toEqual({ affected: 4, byEntity: { Book: 4 } });
      const afterMerge = await tableState(db);
      expect(changedLabels(before, afterMerge)).toEqual(['Book:2', 'Book:3', 'Book:4', 'Book:6']);
      const restricted = pubs().and(books('x').where('x.title IN (:...t)', { t: ['apple pie', 'zebra'] }));
      expect(await restricted.delete()).toEqual({ affected: 2, byEntity: { Book: 2 } });
      expect(changedLabels(afterMerge, await tableState(db))).toEqual(['Book:1', 'Book:5']);
    });

    it('a to-many filter updates each row once', async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where({ tags: { name: In(['orm', 'sql']) } })
        .update({ pages: 42 });
      const changed = changedLabels(before, await tableState(db));
      expect(changed).toEqual([
        'Article:4',
        'BlogPost:CAPS',
        'BlogPost:hello',
        'BlogPost:nul',
        'Book:2',
        'Book:6',
      ]);
      expect(result.affected).toBe(6);
      expect(result.byEntity).toEqual({ Book: 2, Article: 1, BlogPost: 3 });
    });

    it('sets a relation by primary key', async () => {
      const [bob] = await db.query(`SELECT id FROM ${db.q('author')} WHERE name = 'bob'`);
      const result = await pubs()
        .where({ author: IsNull() })
        .update({ author: { id: Number(bob.id) } });
      expect(result.affected).toBe(3);
      const after = await tableState(db);
      expect(['Book:5', 'Article:5', 'BlogPost:CAPS'].map((l) => after[l].authorId)).toEqual([
        Number(bob.id),
        Number(bob.id),
        Number(bob.id),
      ]);
    });

    it('nothing matching: affected 0, nothing changed', async () => {
      const before = await tableState(db);
      const result = await pubs().where({ title: 'no such title' }).update({ pages: 5 });
      expect(result.affected).toBe(0);
      expect(Object.values(result.byEntity).every((n) => n === 0)).toBe(true);
      expect(changedLabels(before, await tableState(db))).toEqual([]);
    });
  });

  describe('delete()', () => {
    it('deletes the matching rows of every builder and counts them per entity class', async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where({ pages: LessThan(5) })
        .delete();
      expect([result.affected, nonZero(result.byEntity)]).toEqual([5, { Article: 1, BlogPost: 4 }]);
      const after = await tableState(db);
      expect(changedLabels(before, after)).toEqual([
        'Article:5',
        'BlogPost:CAPS',
        'BlogPost:apple',
        'BlogPost:hello',
        'BlogPost:nul',
      ]);
      expect(Object.keys(after)).toHaveLength(11);
    });

    it("applies '#' and a two-level relation filter", async () => {
      const before = await tableState(db);
      const result = await pubs()
        .where({ '#': 0, author: { publisher: { name: 'Penguin' } } })
        .delete();
      expect([result.affected, nonZero(result.byEntity)]).toEqual([3, { Book: 3 }]);
      expect(changedLabels(before, await tableState(db))).toEqual(['Book:1', 'Book:4', 'Book:6']);
    });
  });

  describe('mistakes throw before any SQL', () => {
    it('skip/take/orderBy/reverse on a write: UnsupportedOperationError, nothing changed', async () => {
      const before = await tableState(db);
      db.logger.reset();
      await expect(pubs().take(2).update({ pages: 1 })).rejects.toThrow(UnsupportedOperationError);
      await expect(pubs().skip(1).delete()).rejects.toThrow(UnsupportedOperationError);
      await expect(pubs().orderBy('title').update({ pages: 1 })).rejects.toThrow(/orderBy/);
      await expect(pubs().reverse().delete()).rejects.toThrow(UnsupportedOperationError);
      expect(db.logger.queries).toEqual([]);
      expect(changedLabels(before, await tableState(db))).toEqual([]);
    });

    it('an unknown or non-common field in the values: UnknownFieldError naming it', async () => {
      db.logger.reset();
      await expect(pubs().update({ isbn: 'x' } as any)).rejects.toThrow(UnknownFieldError);
      await expect(pubs().update({ likes: 1 } as any)).rejects.toThrow(/likes/);
      await expect(pubs().update({ '#': 1 } as any)).rejects.toThrow(UnknownFieldError);
      expect(db.logger.queries).toEqual([]);
    });

    it('an empty sequence writes nothing and runs no SQL', async () => {
      const { result, queries } = await db.counted(async () => [
        await pubs().none().update({ pages: 1 }),
        await SequenceQueryBuilder.from().delete(),
      ]);
      expect(result).toEqual([
        { affected: 0, byEntity: {} },
        { affected: 0, byEntity: {} },
      ]);
      expect(queries).toEqual([]);
    });
  });
});
