import 'reflect-metadata';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ALL_ENTITIES, Article, BlogPost, Book } from '../../entities';
import { DataSourceQueryError, SequenceError, SequenceQueryBuilder, type ReadStrategy } from '../../src';
import { labels, nullsTerm } from '../ordering/order-oracle';
import { walk } from '../pagination/walk';
import { CountingLogger } from '../support/counting-logger';
import { connectionOptions } from '../support/dialects';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const ENTITIES = [
  { entity: Book, table: 'book', intKey: true },
  { entity: Article, table: 'article', intKey: true },
  { entity: BlogPost, table: 'blog_post', intKey: false },
] as const;

/** Rows go to shard `pages % 2`; builder `#` of entity i on shard s is 2·i + s. */
const SHARDS = 2;

/**
 * Two shards of the fixture, each a database of its own (PostgreSQL and MariaDB: `<database>_shard0/1`
 * created here and dropped at the end; SQLite: in-memory databases), every entity split over both. The
 * test database keeps the whole fixture: the oracle is one SQL query over it.
 */
describeEachDialect('a sequence over shards (several DataSources of one kind)', (db) => {
  const shards: DataSource[] = [];
  const loggers: CountingLogger[] = [];
  const databaseOf = (s: number) => `${String(connectionOptions(db.dialect).database)}_shard${s}`;
  // Shard 0 is named, shard 1 is not: errors and getQueries() name the first by its name, the other by address.
  const shardLabel = (s: number) =>
    s === 0
      ? "'shard zero'"
      : db.dialect === 'sqlite'
        ? 'better-sqlite3 :memory:'
        : `${db.dataSource.options.type} 127.0.0.1:${(db.dataSource.options as any).port}/${databaseOf(1)}`;

  beforeAll(async () => {
    const fixture = await seed(db);
    for (let s = 0; s < SHARDS; s++) {
      if (db.dialect === 'postgres') {
        await db.query(`DROP DATABASE IF EXISTS ${db.q(databaseOf(s))} WITH (FORCE)`);
        await db.query(`CREATE DATABASE ${db.q(databaseOf(s))}`);
      } else if (db.dialect === 'mysql') {
        await db.query(`DROP DATABASE IF EXISTS ${db.q(databaseOf(s))}`);
        await db.query(`CREATE DATABASE ${db.q(databaseOf(s))}`);
      }
      const logger = new CountingLogger();
      const shard = new DataSource({
        ...connectionOptions(db.dialect),
        ...(db.dialect === 'sqlite' ? {} : { database: databaseOf(s), poolSize: 2 }),
        ...(s === 0 && { name: 'shard zero' }),
        entities: ALL_ENTITIES,
        synchronize: true,
        dropSchema: true,
        logging: ['query'],
        logger,
      } as any);
      await shard.initialize();
      // Raw INSERTs keep the fixture's ids (TypeORM leaves generated keys out of an insert on PostgreSQL).
      for (const [rows, table] of [
        [fixture.books, 'book'],
        [fixture.articles, 'article'],
        [fixture.posts, 'blog_post'],
      ] as const) {
        for (const row of rows as readonly { pages: number }[]) {
          if (row.pages % SHARDS !== s) continue;
          const values = Object.fromEntries(
            Object.entries(row).filter(
              ([key, value]) => !['author', 'tags'].includes(key) && value !== undefined,
            ),
          );
          const names = Object.keys(values);
          // TypeORM 0.3 takes native parameters as a third argument, 1.x does not.
          const [sql, parameters]: [string, unknown[]] = (shard.driver as any).escapeQueryWithParameters(
            `INSERT INTO ${shard.driver.escape(table)} (${names.map((n) => shard.driver.escape(n)).join(', ')}) ` +
              `VALUES (${names.map((n) => `:${n}`).join(', ')})`,
            values,
            {},
          );
          await shard.query(sql, parameters);
        }
      }
      shards.push(shard);
      loggers.push(logger);
    }
  });

  afterAll(async () => {
    for (const shard of shards) if (shard.isInitialized) await shard.destroy();
    if (db.dialect === 'sqlite') return;
    // The test database's own DataSource may be closed already (hooks of the dialect's block run first).
    const admin = new DataSource(connectionOptions(db.dialect));
    await admin.initialize();
    try {
      for (let s = 0; s < SHARDS; s++) {
        const name = admin.driver.escape(databaseOf(s));
        await admin.query(
          `DROP DATABASE IF EXISTS ${name}${db.dialect === 'postgres' ? ' WITH (FORCE)' : ''}`,
        );
      }
    } finally {
      await admin.destroy();
    }
  });

  const builders = (tweak?: (qb: SelectQueryBuilder<ObjectLiteral>, table: string, s: number) => void) =>
    ENTITIES.flatMap(({ entity, table }) =>
      shards.map((shard, s) => {
        const qb = shard.getRepository<ObjectLiteral>(entity).createQueryBuilder('item');
        tweak?.(qb, table, s);
        return qb;
      }),
    );
  const sequence = (strategy: ReadStrategy = 'union') =>
    SequenceQueryBuilder.from(...builders()).strategy(strategy) as SequenceQueryBuilder<
      Book | Article | BlogPost
    >;

  /** The whole fixture in the test database, `#` as the shards number it: the order one database would give. */
  async function oracle(orderBy: string, limit?: number, offset?: number): Promise<string[]> {
    const q = (n: string) => db.q(n);
    const nullInt = db.dialect === 'postgres' ? 'CAST(NULL AS integer)' : 'NULL';
    const nullText = db.dialect === 'postgres' ? 'CAST(NULL AS varchar)' : 'NULL';
    const union = ENTITIES.map(
      ({ table, intKey }, i) =>
        `SELECT ${SHARDS * i} + (t.pages % ${SHARDS}) AS idx, ${intKey ? 't.id' : nullInt} AS ipk, ` +
        `${intKey ? nullText : 't.id'} AS spk, t.title AS title, t.${q('release')} AS ${q('release')}, ` +
        `t.pages AS pages FROM ${q(table)} t`,
    ).join(' UNION ALL ');
    let sql = `SELECT idx, ipk, spk FROM (${union}) u ORDER BY ${orderBy}`;
    if (limit !== undefined) sql += ` LIMIT ${limit}`;
    if (offset !== undefined) sql += ` OFFSET ${offset}`;
    return (await db.query(sql)).map(
      (r) => `${ENTITIES[Math.floor(Number(r.idx) / SHARDS)].entity.name}:${r.ipk ?? r.spk}`,
    );
  }
  const tail = (order: 'ASC' | 'DESC') => `idx ${order}, ipk ${order}, spk ${order}`;
  const ORDERS: [string, (s: SequenceQueryBuilder<any>) => SequenceQueryBuilder<any>, () => string][] = [
    ['title', (s) => s.orderBy('title'), () => `title ASC, ${tail('ASC')}`],
    [
      'release DESC NULLS LAST',
      (s) => s.orderBy('release', 'DESC', 'NULLS LAST'),
      () => `${nullsTerm(db, db.q('release'), 'DESC', 'NULLS LAST')}, ${tail('DESC')}`,
    ],
    [
      'release (the database NULL placement)',
      (s) => s.orderBy('release'),
      () => `${db.q('release')} ASC, ${tail('ASC')}`,
    ],
    ['pages DESC', (s) => s.orderBy('pages', 'DESC'), () => `pages DESC, ${tail('DESC')}`],
  ];

  describe.each(['union', 'per-builder'] as ReadStrategy[])('strategy %s', (strategy) => {
    it.each(ORDERS)(
      'getMany(), skip/take pages, cursors and stream() ordered by %s are the oracle order',
      async (_, order, by) => {
        const expected = await oracle(by());
        expect(labels(await order(sequence(strategy)).getMany())).toEqual(expected);
        expect(labels(await order(sequence(strategy)).skip(3).take(5).getMany())).toEqual(
          expected.slice(3, 8),
        );
        expect(labels((await walk(order(sequence(strategy)), 'forward', 4)).items)).toEqual(expected);
        expect(labels((await walk(order(sequence(strategy)), 'backward', 5)).items)).toEqual(expected);
        const streamed: string[] = [];
        for await (const row of order(sequence(strategy)).stream({ batchSize: 3 })) streamed.push(label(row));
        expect(streamed).toEqual(expected);
      },
    );

    it('getCount(), getCounts(), getFirst() and getLast() are the oracle answers', async () => {
      const byIndex = await Promise.all(
        ENTITIES.flatMap(({ table }) =>
          [0, 1].map(async (s) =>
            Number((await db.query(`SELECT COUNT(*) AS n FROM ${db.q(table)} WHERE pages % 2 = ${s}`))[0].n),
          ),
        ),
      );
      const total = byIndex.reduce((a, b) => a + b, 0);
      expect(await sequence(strategy).getCount()).toBe(total);
      expect(await sequence(strategy).getCounts()).toEqual({
        total,
        byIndex,
        byEntity: {
          Book: byIndex[0] + byIndex[1],
          Article: byIndex[2] + byIndex[3],
          BlogPost: byIndex[4] + byIndex[5],
        },
      });
      const byTitle = await oracle(`title ASC, ${tail('ASC')}`);
      expect(label((await sequence(strategy).orderBy('title').getFirst())!)).toBe(byTitle[0]);
      expect(label((await sequence(strategy).orderBy('title').getLast())!)).toBe(byTitle[byTitle.length - 1]);
    });

    it("each shard reads only its share of a page (LIMIT skip+take, no OFFSET), and getQueries()/explain() label each shard's statements", async () => {
      const page = sequence(strategy).orderBy('title').skip(2).take(4);
      const listed = page.getQueries().filter((q) => !q.parameters.includes('<primary keys of the page>'));
      expect(listed.map((q) => q.dataSource).sort()).toEqual(
        (strategy === 'union' ? [0, 1] : [0, 0, 0, 1, 1, 1]).map(shardLabel).sort(),
      );
      for (const logger of loggers) logger.reset();
      expect(labels(await page.getMany())).toEqual(await oracle(`title ASC, ${tail('ASC')}`, 4, 2));
      for (const logger of loggers) {
        const keys = logger.queries.filter((sql) => /seq_idx/.test(sql));
        expect(keys).toHaveLength(strategy === 'union' ? 1 : 3);
        for (const sql of keys) {
          expect(sql).toMatch(/LIMIT 6\b/);
          expect(sql).not.toMatch(/OFFSET/);
        }
      }
      const plans = await page.explain();
      expect(plans.map((p) => p.dataSource)).toEqual(listed.map((q) => q.dataSource));
      for (const plan of plans) expect(plan.plan.length).toBeGreaterThan(0);
    });

    it('a shard whose table is gone fails the call with DataSourceQueryError naming it, the driver error as cause', async () => {
      const gone = 1;
      await shards[gone].query(`ALTER TABLE ${db.q('blog_post')} RENAME TO ${db.q('blog_post_gone')}`);
      try {
        for (const run of [
          () => sequence(strategy).orderBy('title').take(5).getMany(),
          () => sequence(strategy).getCount(),
          () => sequence(strategy).orderBy('title').paginate({ first: 3 }),
        ]) {
          const error = await run().then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(DataSourceQueryError);
          expect(error).toBeInstanceOf(SequenceError);
          const failure = error as DataSourceQueryError;
          expect(failure.dataSource).toBe(shardLabel(gone));
          expect(failure.message).toContain(shardLabel(gone));
          // The driver's own error (better-sqlite3's SqliteError comes from another realm under jest: no instanceof).
          const cause = failure.cause as { message?: unknown };
          expect(typeof cause.message).toBe('string');
          expect(failure.message).toContain(cause.message);
          expect(cause.message).toMatch(/blog_post/);
        }
      } finally {
        await shards[gone].query(`ALTER TABLE ${db.q('blog_post_gone')} RENAME TO ${db.q('blog_post')}`);
      }
      expect(labels(await sequence(strategy).orderBy('title').getMany())).toEqual(
        await oracle(`title ASC, ${tail('ASC')}`),
      );
    });
  });

  const servers = db.dialect !== 'sqlite';
  /** Statements still running the slow filter on shard 0, seen from the test database's connection. */
  const sleeping = async (): Promise<number> => {
    const rows =
      db.dialect === 'postgres'
        ? await db.query(
            `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' ` +
              `AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()`,
            [databaseOf(0)],
          )
        : await db.query(
            `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? ` +
              `AND INFO LIKE '%SLEEP(1)%' AND ID <> CONNECTION_ID()`,
            [databaseOf(0)],
          );
    return Number(rows[0].n);
  };
  /** Connections of shard 0 in a transaction or a statement (a leaked QueryRunner would stay in one). */
  const busy = async (): Promise<number> => {
    const rows =
      db.dialect === 'postgres'
        ? await db.query(
            `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()`,
            [databaseOf(0)],
          )
        : await db.query(
            `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Sleep' AND ID <> CONNECTION_ID()`,
            [databaseOf(0)],
          );
    return Number(rows[0].n);
  };

  (servers ? it : it.skip)(
    'one shard slow and one failing: the error comes while the slow statement still runs, and every connection comes back (server databases only: SQLite runs one statement at a time and has no sleep)',
    async () => {
      // PostgreSQL sleeps once (a subquery in FROM); MariaDB once per row (3 rows).
      const slow = db.dialect === 'postgres' ? '(SELECT 1 FROM pg_sleep(3)) = 1' : '(SELECT SLEEP(1)) = 0';
      await shards[1].query(`ALTER TABLE ${db.q('article')} RENAME TO ${db.q('article_gone')}`);
      try {
        const seq = SequenceQueryBuilder.from(
          ...builders((qb, table, s) => {
            if (s === 0 && table === 'blog_post') qb.andWhere(slow);
          }),
        ).orderBy('title');
        for (const strategy of ['union', 'per-builder'] as ReadStrategy[]) {
          const error = await seq
            .strategy(strategy)
            .take(5)
            .getMany()
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(DataSourceQueryError);
          expect((error as DataSourceQueryError).dataSource).toBe(shardLabel(1));
          // The call did not wait for the slow shard: its statement is seen running after the call failed.
          let seen = false;
          for (let i = 0; i < 40 && !seen; i++) {
            seen = (await sleeping()) === 1;
            if (!seen) await new Promise((r) => setTimeout(r, 50));
          }
          expect(seen).toBe(true);
          for (let i = 0; i < 100 && (await sleeping()) > 0; i++)
            await new Promise((r) => setTimeout(r, 100));
          expect(await sleeping()).toBe(0);
        }
        // No connection stays checked out: shard 0's pool (2 connections) still serves more calls than it has.
        expect(await busy()).toBe(0);
      } finally {
        await shards[1].query(`ALTER TABLE ${db.q('article_gone')} RENAME TO ${db.q('article')}`);
      }
      for (let i = 0; i < 4; i++) expect(await sequence('per-builder').getCount()).toBe(16);
      expect(await busy()).toBe(0);
    },
    60_000,
  );
});
