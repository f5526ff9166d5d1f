import { Article, BlogPost, Book } from '../../entities';
import {
  InvalidArgumentError,
  SequenceQueryBuilder,
  UnsupportedOperationError,
  sequenceOf,
  type ReadStrategy,
} from '../../src';
import { labels, nullsTerm, tableOrder, tail } from '../ordering/order-oracle';
import { walk } from '../pagination/walk';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

/** Orders of the sequence and the oracle's ORDER BY for each (the database's own order of the union). */
const ORDERS: [string, (s: Seq) => Seq, (db: TestDatabase) => string][] = [
  ['title', (s) => s.orderBy('title'), () => `title ASC, ${tail('ASC')}`],
  ['title DESC', (s) => s.orderBy('title', 'DESC'), () => `title DESC, ${tail('DESC')}`],
  [
    'release DESC NULLS FIRST',
    (s) => s.orderBy('release', 'DESC', 'NULLS FIRST'),
    (db) => `${nullsTerm(db, db.q('release'), 'DESC', 'NULLS FIRST')}, ${tail('DESC')}`,
  ],
  // No placement: the database's own NULL placement (PostgreSQL: last ascending; the others: first).
  ['release', (s) => s.orderBy('release'), (db) => `${db.q('release')} ASC, ${tail('ASC')}`],
  [
    'pages, then title DESC',
    (s) => s.orderBy('pages').addOrderBy('title', 'DESC'),
    () => `pages ASC, title DESC, ${tail('DESC')}`,
  ],
  [
    "'#' DESC, then title",
    (s) => s.orderBy('#', 'DESC').addOrderBy('title'),
    () => `idx DESC, title ASC, idx ASC, ipk ASC, spk ASC`,
  ],
];

const STRATEGIES: ReadStrategy[] = ['union', 'per-builder'];

describeEachDialect("strategy('union' | 'per-builder'): the same rows from every terminal method", (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');

  beforeAll(() => seed(db));

  it("strategy() takes only 'union' or 'per-builder': anything else is an InvalidArgumentError before SQL", async () => {
    for (const bad of ['per-datasource', 'UNION', '', null, undefined, 1, {}]) {
      const { result, queries } = await db.counted(async () => {
        try {
          pubs().strategy(bad as any);
          return undefined;
        } catch (error) {
          return error;
        }
      });
      expect(result).toBeInstanceOf(InvalidArgumentError);
      expect((result as Error).message).toMatch(/strategy\(strategy\).*'union'.*'per-builder'/);
      expect(queries).toEqual([]);
    }
  });

  it('strategy() is immutable: the original keeps its strategy', () => {
    const union = pubs().orderBy('title');
    const perBuilder = union.strategy('per-builder');
    expect(
      union.getQueries().filter((q) => q.entity !== '*' && !q.sql.includes('<primary keys')),
    ).toHaveLength(0);
    expect(
      perBuilder
        .getQueries()
        .map((q) => q.entity)
        .slice(0, 3),
    ).toEqual(['Book', 'Article', 'BlogPost']);
    expect(perBuilder.strategy('union').getQueries()[0].entity).toBe('*');
  });

  describe.each(STRATEGIES)('%s', (strategy) => {
    const seq = (): Seq => pubs().strategy(strategy);

    it.each(ORDERS)(
      'getMany(), pages of 3 and reverse() ordered by %s are the oracle order',
      async (_, order, by) => {
        const expected = await oracle(db, { orderBy: by(db) });
        expect(labels(await order(seq()).getMany())).toEqual(expected);
        const pages: string[] = [];
        for (let skip = 0; skip < expected.length; skip += 3)
          pages.push(...labels(await order(seq()).skip(skip).take(3).getMany()));
        expect(pages).toEqual(expected);
        expect(labels(await order(seq()).reverse().skip(2).take(5).getMany())).toEqual(
          [...expected].reverse().slice(2, 7),
        );
      },
    );

    it('no orderBy: builder by builder, each in its own order (its @Entity orderBy, else its primary key)', async () => {
      const expected = [
        ...(await tableOrder(db, 'Book', 't.title ASC, t.id ASC')),
        ...(await tableOrder(db, 'Article', 't.id ASC')),
        ...(await tableOrder(db, 'BlogPost', `t.${db.q('release')} DESC, t.id DESC`)),
      ];
      expect(labels(await seq().getMany())).toEqual(expected);
      expect(labels(await seq().skip(4).take(5).getMany())).toEqual(expected.slice(4, 9));
    });

    it.each(ORDERS)(
      'paginate() forwards and backwards by cursor, ordered by %s, walks the oracle order',
      async (_, order, by) => {
        const expected = await oracle(db, { orderBy: by(db) });
        const forward = await walk(order(seq()), 'forward', 4);
        expect(labels(forward.items)).toEqual(expected);
        expect(forward.pages).toHaveLength(Math.ceil(expected.length / 4));
        const backward = await walk(order(seq()), 'backward', 3);
        expect(labels(backward.items)).toEqual(expected);
      },
    );

    it('stream() in batches of 2 and 5 gives the oracle order', async () => {
      const expected = await oracle(db, { orderBy: `title DESC, ${tail('DESC')}` });
      for (const batchSize of [2, 5]) {
        const got: string[] = [];
        for await (const row of seq().orderBy('title', 'DESC').stream({ batchSize })) got.push(label(row));
        expect(got).toEqual(expected);
      }
      const skipped: string[] = [];
      for await (const row of seq().orderBy('pages').skip(3).take(7).stream({ batchSize: 2 }))
        skipped.push(label(row));
      expect(skipped).toEqual(
        await oracle(db, { orderBy: `pages ASC, ${tail('ASC')}`, offset: 3, limit: 7 }),
      );
    });

    it('getCount() and getCounts() are the oracle counts', async () => {
      const where = `t.title <> 'zebra'`;
      const counts = await Promise.all(
        ['book', 'article', 'blog_post'].map(async (table) =>
          Number((await db.query(`SELECT COUNT(*) AS n FROM ${db.q(table)} t WHERE ${where}`))[0].n),
        ),
      );
      const filtered = seq().where('item.title <> :z', { z: 'zebra' });
      expect(await filtered.getCount()).toBe(counts[0] + counts[1] + counts[2]);
      expect(await filtered.getCounts()).toEqual({
        total: counts[0] + counts[1] + counts[2],
        byEntity: { Book: counts[0], Article: counts[1], BlogPost: counts[2] },
        byIndex: counts,
      });
      const page = await filtered.orderBy('title').paginate({ first: 2, withCount: true });
      expect(page.totalCount).toBe(counts[0] + counts[1] + counts[2]);
    });

    it('getFirst(), getLast(), getLatest() and getEarliest() are the oracle ends', async () => {
      const byRelease = await oracle(db, {
        orderBy: `${nullsTerm(db, db.q('release'), 'DESC', 'NULLS LAST')}, ${tail('DESC')}`,
      });
      const byTitle = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
      expect(label((await seq().orderBy('title').getFirst())!)).toBe(byTitle[0]);
      expect(label((await seq().orderBy('title').getLast())!)).toBe(byTitle[byTitle.length - 1]);
      expect(label(await seq().getLatest('release'))).toBe(byRelease[0]);
      const earliest = await oracle(db, {
        orderBy: `${nullsTerm(db, db.q('release'), 'ASC', 'NULLS LAST')}, ${tail('ASC')}`,
      });
      expect(label(await seq().getEarliest('release'))).toBe(earliest[0]);
    });

    it('getValues() and pluck() are the oracle values in the oracle order', async () => {
      const rows = await db.query(
        ['book', 'article', 'blog_post']
          .map((t, i) => `SELECT ${i} AS idx, t.title AS title, t.pages AS pages FROM ${db.q(t)} t`)
          .join(' UNION ALL ') + ` ORDER BY pages DESC, title DESC, idx DESC`,
      );
      const ordered = seq().orderBy('pages', 'DESC').addOrderBy('title', 'DESC').skip(2).take(9);
      expect(await ordered.pluck('title')).toEqual(rows.slice(2, 11).map((r) => r.title));
      expect(await ordered.getValues('title', 'pages')).toEqual(
        rows.slice(2, 11).map((r) => ({ title: r.title, pages: Number(r.pages) })),
      );
    });

    it('takeEach(2) is the oracle first two rows of each builder', async () => {
      const by = `title ASC, ${tail('ASC')}`;
      expect(labels(await seq().orderBy('title').takeEach(2).getMany())).toEqual(
        await oracle(db, { orderBy: by, rank: { each: 2 } }),
      );
      expect(await seq().orderBy('title').takeEach(2).getCount()).toBe(6);
    });

    it('getQueries() and explain() show one key statement per builder (per-builder) or per DataSource (union), labelled', async () => {
      const ordered = seq().orderBy('title').take(5);
      const keys = ordered.getQueries().filter((q) => !q.parameters.includes('<primary keys of the page>'));
      expect(keys.map((q) => q.entity)).toEqual(
        strategy === 'union' ? ['*'] : ['Book', 'Article', 'BlogPost'],
      );
      const plans = await ordered.explain();
      expect(plans.map((p) => p.sql)).toEqual(keys.map((q) => q.sql));
      for (const described of [...keys, ...plans]) {
        expect(described.dataSource).toBe(
          db.dialect === 'sqlite'
            ? 'better-sqlite3 :memory:'
            : `${db.dataSource.options.type} 127.0.0.1:${(db.dataSource.options as any).port ?? (db.dialect === 'postgres' ? 5432 : 3306)}/${(db.dataSource.options as any).database}`,
        );
      }
    });

    it('getMany() runs the statements getQueries() lists: per-builder one per builder', async () => {
      const ordered = seq().orderBy('release', 'DESC').take(6);
      const listed = ordered.getQueries();
      const { result, queries } = await db.counted(() => ordered.getMany());
      expect(labels(result)).toEqual(
        await oracle(db, { orderBy: `${db.q('release')} DESC, ${tail('DESC')}`, limit: 6 }),
      );
      const keys = listed.filter((q) => !q.parameters.includes('<primary keys of the page>'));
      expect(keys).toHaveLength(strategy === 'union' ? 1 : 3);
      for (const key of keys) expect(queries.filter((sql) => sql.includes(key.sql))).toHaveLength(1);
      expect(queries.length).toBeLessThanOrEqual(listed.length);
    });
  });

  it("interleave() works with 'union' and is refused with 'per-builder' before any SQL", async () => {
    const union = pubs().orderBy('title').interleave().take(6);
    expect(labels(await union.getMany())).toEqual(
      await oracle(db, { orderBy: `title ASC, ${tail('ASC')}`, rank: { interleave: true }, limit: 6 }),
    );
    const { result, queries } = await db.counted(() =>
      union
        .strategy('per-builder')
        .getMany()
        .then(
          () => undefined,
          (e) => e,
        ),
    );
    expect(result).toBeInstanceOf(UnsupportedOperationError);
    expect((result as Error).message).toMatch(/strategy\('union'\)/);
    expect(queries).toEqual([]);
  });

  it("writes are unaffected: update() under 'per-builder' changes each DataSource's rows all or nothing", async () => {
    await db.dataSource
      .transaction(async (manager) => {
        const seq = sequenceOf(manager, 'publications').strategy('per-builder');
        const result = await seq.where('item.title = :t', { t: 'zebra' }).update({ pages: 999 });
        expect(result).toEqual({ affected: 2, byEntity: { Book: 1, Article: 0, BlogPost: 1 } });
        const rows = await manager.query(`SELECT COUNT(*) AS n FROM ${db.q('book')} WHERE pages = 999`);
        expect(Number(rows[0].n)).toBe(1);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(Number((await db.query(`SELECT COUNT(*) AS n FROM ${db.q('book')} WHERE pages = 999`))[0].n)).toBe(
      0,
    );
  });
});

class Rollback extends Error {}
