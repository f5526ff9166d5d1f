import { In, IsNull, Like, MoreThan } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder } from '../../src';
import { oracle } from '../support/oracle';
import { seed, type Seeded } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { BY_TITLE, expectOracle, hasAuthor, hasTag, labels, pubs } from './filtering-helpers';

describeEachDialect('filtering: nested relations', (db) => {
  let fixture: Seeded;
  beforeAll(async () => {
    fixture = await seed(db);
  });

  describe('to-one', () => {
    it('{ author: { name } } joins the author', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ author: { name: 'Alice' } }),
        hasAuthor(db, `a.name = 'Alice'`),
      );
      expect([...rows].sort()).toEqual(['Article:1', 'BlogPost:hello', 'Book:1', 'Book:6']);
    });

    it('two levels deep: { author: { publisher: { name } } }', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ author: { publisher: { name: 'Penguin' } } }),
        hasAuthor(db, `p.name = 'Penguin'`),
      );
      expect(rows).toHaveLength(7);
    });

    it('operators inside the relation, ANDed with own columns', async () => {
      await expectOracle(
        db,
        pubs(db).where({ author: { name: In(['Alice', 'Carol']) }, pages: MoreThan(5) }),
        `${hasAuthor(db, `a.name IN ('Alice', 'Carol')`)} AND t.pages > 5`,
      );
    });

    it('a relation compared by primary key, and a relation that IsNull()', async () => {
      const bob = fixture.authors[1];
      await expectOracle(db, pubs(db).where({ author: { id: bob.id } }), `t.${db.q('authorId')} = ${bob.id}`);
      const orphans = await expectOracle(
        db,
        pubs(db).where({ author: IsNull() }),
        `t.${db.q('authorId')} IS NULL`,
      );
      expect([...orphans].sort()).toEqual(['Article:5', 'BlogPost:CAPS', 'Book:5']);
    });

    it("reuses a join the builder already has, under the builder's own alias", async () => {
      const seq = SequenceQueryBuilder.from(
        db.dataSource.getRepository(Book).createQueryBuilder('b').leftJoin('b.author', 'writer'),
        db.dataSource.getRepository(Article).createQueryBuilder('a').innerJoin('a.author', 'au'),
        db.dataSource.getRepository(BlogPost).createQueryBuilder('p'),
      ).where({ author: { name: Like('%o%') } });
      await expectOracle(db, seq, hasAuthor(db, `a.name LIKE '%o%'`));
    });
  });

  describe('to-many', () => {
    it('{ tags: { name } } returns each entity once', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ tags: { name: 'django' } }),
        hasTag(db, `g.name = 'django'`),
      );
      expect([...rows].sort()).toEqual(['Article:1', 'Article:2', 'BlogPost:hello', 'Book:1', 'Book:4']);
    });

    it('an entity with several matching tags still comes once, and getCount() agrees', async () => {
      const seq = pubs(db).where({ tags: { name: In(['orm', 'sql']) } });
      const rows = await expectOracle(db, seq, hasTag(db, `g.name IN ('orm', 'sql')`));
      expect(rows.filter((r) => r === 'Book:2')).toHaveLength(1);
      expect(new Set(rows).size).toBe(rows.length);
      const [many, count] = await seq.getManyAndCount();
      expect(count).toBe(many.length);
    });

    it('paging counts entities, not joined rows', async () => {
      const seq = pubs(db)
        .where({ tags: { name: In(['django', 'orm', 'sql']) } })
        .orderBy('title');
      const expected = await oracle(db, {
        where: hasTag(db, `g.name IN ('django', 'orm', 'sql')`),
        orderBy: BY_TITLE,
        limit: 4,
        offset: 2,
      });
      expect(labels(await seq.skip(2).take(4).getMany())).toEqual(expected);
      expect(expected).toHaveLength(4);
    });

    it('OR across a to-one and a to-many relation', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where([{ author: { name: 'bob' } }, { tags: { name: 'sql' } }]),
        (table) => `${hasAuthor(db, `a.name = 'bob'`)} OR ${hasTag(db, `g.name = 'sql'`)(table)}`,
      );
      expect(new Set(rows).size).toBe(rows.length);
    });
  });
});
