import {
  Brackets,
  IsNull,
  LessThanOrEqual,
  MoreThan,
  NotBrackets,
  type WhereExpressionBuilder,
} from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { ALL_LABELS, expectOracle, labels, pubs } from './filtering-helpers';

describeEachDialect('filtering: string, Brackets and function conditions; where/andWhere/orWhere', (db) => {
  beforeAll(() => seed(db));

  const rel = () => `t.${db.q('release')}`;
  const repos = () => ({
    books: db.dataSource.getRepository(Book),
    articles: db.dataSource.getRepository(Article),
    posts: db.dataSource.getRepository(BlogPost),
  });

  describe('condition forms', () => {
    it('a string condition with parameters serves every builder of sequenceOf (alias item)', async () => {
      await expectOracle(db, pubs(db).where('item.pages > :n', { n: 5 }), 't.pages > 5');
    });

    it('Brackets', async () => {
      const seq = pubs(db).where(
        new Brackets((qb) =>
          qb.where('item.pages > :lo', { lo: 200 }).orWhere('item.title = :t', { t: 'cherry' }),
        ),
      );
      const rows = await expectOracle(db, seq, `t.pages > 200 OR t.title = 'cherry'`);
      expect([...rows].sort()).toEqual(['Article:3', 'Book:2', 'Book:3', 'Book:4', 'Book:6']);
    });

    it('NotBrackets', async () => {
      const seq = pubs(db).where(
        new NotBrackets((qb) => qb.where('item.release IS NULL').orWhere('item.pages < :p', { p: 5 })),
      );
      await expectOracle(db, seq, `NOT (${rel()} IS NULL OR t.pages < 5)`);
    });

    it('a function condition gets each builder with its alias and index (only Book has isbn)', async () => {
      const seq = pubs(db).where((qb: WhereExpressionBuilder, alias: string, index: number) => {
        if (index === 0) qb.where(`${alias}.isbn IS NOT NULL`);
      });
      const rows = await expectOracle(db, seq, (table) =>
        table === 'book' ? 't.isbn IS NOT NULL' : undefined,
      );
      expect(rows).not.toContain('Book:3');
      expect(rows).toHaveLength(ALL_LABELS.length - 1);
    });

    it('a function condition with per-entity SQL and parameters, on builders with different aliases', async () => {
      const { books, articles, posts } = repos();
      const seen: [string, number][] = [];
      const seq = SequenceQueryBuilder.from(
        books.createQueryBuilder('b'),
        articles.createQueryBuilder('a'),
        posts.createQueryBuilder('p'),
      ).where((qb, alias, index) => {
        seen.push([alias, index]);
        if (index === 0) qb.where(`${alias}.isbn IN (:...isbns)`, { isbns: ['111', '444'] });
        else if (index === 1) qb.where(`${alias}.medium = :medium`, { medium: 'Wired' });
        else qb.where(`${alias}.likes >= :likes`, { likes: 7 });
      });
      const rows = await expectOracle(db, seq, (table) =>
        table === 'book'
          ? `t.isbn IN ('111', '444')`
          : table === 'article'
            ? `t.medium = 'Wired'`
            : 't.likes >= 7',
      );
      expect([...rows].sort()).toEqual([
        'Article:2',
        'Article:4',
        'BlogPost:hello',
        'BlogPost:zz',
        'Book:1',
        'Book:4',
      ]);
      expect(seen).toEqual(
        expect.arrayContaining([
          ['b', 0],
          ['a', 1],
          ['p', 2],
        ]),
      );
    });
  });

  describe('where / andWhere / orWhere', () => {
    it('where() replaces the conditions set earlier on the sequence', async () => {
      const seq = pubs(db)
        .where({ title: 'cherry' })
        .andWhere('item.pages < 0')
        .where({ pages: MoreThan(100) });
      await expectOracle(db, seq, 't.pages > 100');
    });

    it('andWhere() and orWhere() add to the earlier conditions', async () => {
      await expectOracle(
        db,
        pubs(db)
          .where({ pages: MoreThan(4) })
          .andWhere('item.release IS NULL'),
        `t.pages > 4 AND ${rel()} IS NULL`,
      );
      await expectOracle(
        db,
        pubs(db)
          .where({ title: 'cherry' })
          .orWhere({ pages: LessThanOrEqual(2) }),
        `t.title = 'cherry' OR t.pages <= 2`,
      );
    });

    it('AND binds tighter than OR: where(A).orWhere(B).andWhere(C) is A OR (B AND C)', async () => {
      const seq = pubs(db)
        .where({ pages: MoreThan(200) })
        .orWhere({ title: 'cherry' })
        .andWhere({ release: IsNull() });
      const rows = await expectOracle(db, seq, `t.pages > 200 OR (t.title = 'cherry' AND ${rel()} IS NULL)`);
      expect([...rows].sort()).toEqual(['Book:2', 'Book:3', 'Book:4', 'Book:6']);
    });

    it('where(A).andWhere(B).orWhere(C) is (A AND B) OR C', async () => {
      const seq = pubs(db)
        .where({ pages: MoreThan(200) })
        .andWhere({ release: '2020-01-01' })
        .orWhere('item.pages = 1');
      const rows = await expectOracle(db, seq, `(t.pages > 200 AND ${rel()} = '2020-01-01') OR t.pages = 1`);
      expect([...rows].sort()).toEqual(['BlogPost:nul', 'Book:4']);
    });

    it("an object term's own OR (array) stays bracketed when ANDed", async () => {
      const seq = pubs(db)
        .where([{ title: 'cherry' }, { pages: MoreThan(200) }])
        .andWhere({ release: IsNull() });
      const rows = await expectOracle(db, seq, `(t.title = 'cherry' OR t.pages > 200) AND ${rel()} IS NULL`);
      expect(rows).toEqual(['Book:3']);
    });

    it("the builders' own conditions stay ANDed through where() and orWhere()", async () => {
      const { books, articles, posts } = repos();
      const seq = SequenceQueryBuilder.from(
        books.createQueryBuilder('item').where('item.pages > 100'),
        articles.createQueryBuilder('item'),
        posts.createQueryBuilder('item'),
      )
        .where({ title: 'cherry' })
        .where({ title: 'zebra' })
        .orWhere({ pages: LessThanOrEqual(100) });
      const rows = await expectOracle(db, seq, (table) =>
        table === 'book'
          ? `t.pages > 100 AND (t.title = 'zebra' OR t.pages <= 100)`
          : `t.title = 'zebra' OR t.pages <= 100`,
      );
      expect(rows).toContain('Book:5');
      expect(rows).not.toContain('Book:1');
      expect(rows).not.toContain('Book:3');
    });

    it("a builder's own OR is bracketed before the sequence's condition is ANDed", async () => {
      const { books } = repos();
      const own = books
        .createQueryBuilder('item')
        .where('item.pages > :min', { min: 200 })
        .orWhere('item.title = :own', { own: 'cherry' });
      const seq = SequenceQueryBuilder.from(own).where({ release: IsNull() }).orWhere({ title: 'zebra' });
      expect(labels(await seq.getMany())).toEqual(['Book:3']);
      expect(await seq.getCount()).toBe(1);
      expect(labels(await SequenceQueryBuilder.from(own).getMany()).sort()).toEqual([
        'Book:2',
        'Book:3',
        'Book:4',
        'Book:6',
      ]);
    });

    it('where() returns a new sequence and leaves the receiver unfiltered', async () => {
      const base = pubs(db);
      const filtered = base.where({ title: 'cherry' });
      filtered.andWhere({ pages: 5 });
      expect(await base.getCount()).toBe(ALL_LABELS.length);
      expect(await filtered.getCount()).toBe(2);
    });
  });
});
