import { In, LessThan, MoreThan } from 'typeorm';
import { oracle } from '../support/oracle';
import { describeEachDialectInNest } from './support/nest-database';
import { labels, nullsTerm, tail } from '../support/order-terms';
import { publicationsOf, SEEDED_PUBLICATIONS } from './support/publications-service';

describeEachDialectInNest(
  'SequenceRepository find / findAndCount / count / exists',
  SEEDED_PUBLICATIONS,
  (ctx) => {
    const repo = () => publicationsOf(ctx);
    const release = () => ctx.db.q('release');

    it('find() with no options gives every publication of the three tables', async () => {
      const expected = await oracle(ctx.db, { orderBy: tail('ASC') });
      const { result, queries } = await ctx.db.counted(() => repo().find());
      expect(labels(result).sort()).toEqual([...expected].sort());
      expect(result).toHaveLength(16);
      expect(queries.length).toBeGreaterThan(0);
    });

    it("find({ where, order: { title: 'ASC' } }) matches the hand-written UNION ALL", async () => {
      const expected = await oracle(ctx.db, { where: 't.pages < 10', orderBy: `title ASC, ${tail('ASC')}` });
      const got = await repo().find({ where: { pages: LessThan(10) }, order: { title: 'ASC' } });
      expect(labels(got)).toEqual(expected);
      expect(got).toHaveLength(9);
    });

    it('a where array means OR, as in TypeORM', async () => {
      const expected = await oracle(ctx.db, {
        where: `t.title = 'cherry' OR t.pages > 200`,
        orderBy: `pages DESC, ${tail('DESC')}`,
      });
      const got = await repo().find({
        where: [{ title: 'cherry' }, { pages: MoreThan(200) }],
        order: { pages: 'DESC' },
      });
      expect(labels(got)).toEqual(expected);
      expect(labels(got).sort()).toEqual(['Article:3', 'Book:2', 'Book:3', 'Book:4', 'Book:6']);
    });

    it('where on a relation and on the sequence index', async () => {
      const alice = `t.${ctx.db.q('authorId')} IN (SELECT a.id FROM ${ctx.db.q('author')} a WHERE a.name = 'Alice')`;
      const expected = await oracle(ctx.db, {
        where: alice,
        tables: [0, 2],
        orderBy: `title DESC, ${tail('DESC')}`,
      });
      const got = await repo().find({
        where: { author: { name: 'Alice' }, '#': In([0, 2]) },
        order: { title: 'desc' },
      });
      expect(labels(got)).toEqual(expected);
      expect(labels(got).sort()).toEqual(['BlogPost:hello', 'Book:1', 'Book:6']);
    });

    it("order accepts TypeORM's { direction, nulls } and 1 / -1 forms, keys in the order given", async () => {
      const expected = await oracle(ctx.db, {
        orderBy: `${nullsTerm(ctx.db, release(), 'DESC', 'NULLS LAST')}, pages ASC, ${tail('ASC')}`,
      });
      const got = await repo().find({ order: { release: { direction: 'DESC', nulls: 'LAST' }, pages: 1 } });
      expect(labels(got)).toEqual(expected);
      expect(labels(got).slice(-3).sort()).toEqual(['Article:2', 'BlogPost:nul', 'Book:3']);

      const reversed = await oracle(ctx.db, {
        orderBy: `${nullsTerm(ctx.db, release(), 'ASC', 'NULLS FIRST')}, pages DESC, ${tail('DESC')}`,
      });
      const back = await repo().find({ order: { release: { nulls: 'first' }, pages: -1 } });
      expect(labels(back)).toEqual(reversed);
    });

    it('skip and take page the total order in the database', async () => {
      const expected = await oracle(ctx.db, { orderBy: `title ASC, ${tail('ASC')}`, limit: 5, offset: 4 });
      const { result, queries } = await ctx.db.counted(() =>
        repo().find({ order: { title: 'ASC' }, skip: 4, take: 5 }),
      );
      expect(labels(result)).toEqual(expected);
      // One key statement, then at most one load per entity.
      expect(queries.length).toBeLessThanOrEqual(4);
    });

    it('findAndCount() gives the page and the count ignoring skip/take', async () => {
      const expected = await oracle(ctx.db, {
        where: `t.pages >= 5`,
        orderBy: `pages ASC, ${tail('ASC')}`,
        limit: 3,
        offset: 2,
      });
      const [items, total] = await repo().findAndCount({
        where: { pages: MoreThan(4) },
        order: { pages: 'ASC' },
        skip: 2,
        take: 3,
      });
      expect(labels(items)).toEqual(expected);
      const [{ n }] = await ctx.db.query(
        `SELECT (SELECT COUNT(*) FROM book WHERE pages >= 5) + (SELECT COUNT(*) FROM article WHERE pages >= 5) ` +
          `+ (SELECT COUNT(*) FROM blog_post WHERE pages >= 5) AS n`,
      );
      expect(total).toBe(Number(n));
      expect(total).toBe(11);
    });

    it('count() and exists() honour where and ignore skip/take', async () => {
      expect(await repo().count()).toBe(16);
      expect(await repo().count({ where: { title: 'cherry' }, skip: 1, take: 1 })).toBe(2);
      expect(await repo().count({ where: { '#': 2 } })).toBe(5);
      expect(await repo().exists({ where: { title: 'zebra' } })).toBe(true);
      const { result, queries } = await ctx.db.counted(() =>
        repo().exists({ where: { pages: MoreThan(1000) } }),
      );
      expect(result).toBe(false);
      expect(queries.length).toBeGreaterThan(0);
    });

    it('findBy / findAndCountBy / countBy / existsBy take a where directly', async () => {
      const expected = await oracle(ctx.db, { where: `t.title = 'zebra'`, orderBy: tail('ASC') });
      expect(labels(await repo().findBy({ title: 'zebra' })).sort()).toEqual([...expected].sort());
      const [items, total] = await repo().findAndCountBy({ title: 'zebra' });
      expect([labels(items).sort(), total]).toEqual([[...expected].sort(), 2]);
      expect(await repo().countBy([{ title: 'zebra' }, { title: 'cherry' }])).toBe(4);
      expect(await repo().existsBy({ title: 'nothing like this' })).toBe(false);
    });

    it('paginate() applies where and order, then pages by cursor', async () => {
      const expected = await oracle(ctx.db, {
        where: 't.pages < 100',
        orderBy: `title DESC, ${tail('DESC')}`,
      });
      const options = { where: { pages: LessThan(100) }, order: { title: 'DESC' as const } };
      const first = await repo().paginate({ ...options, first: 5 });
      const second = await repo().paginate({ ...options, first: 5, after: first.pageInfo.endCursor! });
      expect(labels([...first.items, ...second.items])).toEqual(expected.slice(0, 10));
      expect([first.pageInfo.hasPreviousPage, second.pageInfo.hasPreviousPage]).toEqual([false, true]);
    });
  },
);
