import 'reflect-metadata';
import { DataSource, IsNull } from 'typeorm';
import { ALL_ENTITIES, type Article, type BlogPost, type Book } from '../../entities';
import { SequenceError, sequenceOf, type SequenceQueryBuilder } from '../../src';
import { walk } from '../pagination/walk';
import { availableDialects, connectionOptions } from '../support/dialects';
import { oracle } from '../support/oracle';
import { labels, nullsTerm, tail } from '../support/order-terms';
import { label, seed } from '../support/seed';
import { Draft, Memo, SOFT_ENTITIES, seedSoftRows, softLabel, softOracle } from '../support/soft-deletable';
import {
  PUBLICATION_COLUMNS,
  PUBLICATION_TABLES as TABLES,
  SpiderCluster,
  spiderUnavailable,
  type HeadServer,
  type SpiderTable,
} from '../support/spider-cluster';
import { TestDatabase } from '../support/test-database';

/*
 * MariaDB's Spider engine: Book, Article and BlogPost (and the soft-deletable Draft and Memo) as Spider
 * tables on the head server (the specs' MariaDB), each partitioned by its primary key over two backend
 * mariadbd servers started here. The same rows are in plain InnoDB tables of the specs' database: every
 * expected result is a hand-written SQL query on those (the oracle), or on the backends themselves.
 */

const STRATEGIES = ['union'] as const;
type Strategy = (typeof STRATEGIES)[number];
type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

/** The sequence run with a strategy ('union', one UNION ALL statement, is the default). */
function withStrategy<S extends SequenceQueryBuilder<object>>(seq: S, strategy: Strategy): S {
  return strategy === 'union' ? seq : (seq as any).strategy(strategy);
}

/**
 * The soft-deletable fixture (spec/support/soft-deletable.ts) as Spider tables too. The memo backends refuse
 * to soft-delete 'memo 7' (a CHECK only there), to fail one builder's write on the backends.
 */
const SOFT =
  'id {key}, `rank` INT NOT NULL, title VARCHAR(20) NOT NULL, deletedAt DATETIME(6) NULL, PRIMARY KEY (id)';
const SOFT_TABLES: SpiderTable[] = [
  { name: 'soft_draft', columns: SOFT.replace('{key}', 'INT NOT NULL'), partitionBy: 'HASH (id)' },
  {
    name: 'soft_memo',
    columns: SOFT.replace('{key}', 'VARCHAR(10) NOT NULL'),
    partitionBy: 'KEY (id)',
    backendOnly:
      "CONSTRAINT CHK_memo_7 CHECK (deletedAt IS NULL OR deletedAt = '2020-01-02 03:04:05' OR title <> 'memo 7')",
  },
];
const ALL_TABLES = [...TABLES, ...SOFT_TABLES];
const COLUMNS: Record<string, string> = {
  ...PUBLICATION_COLUMNS,
  soft_draft: 'id, `rank`, title, deletedAt',
  soft_memo: 'id, `rank`, title, deletedAt',
};
const ENTITY: Record<string, string> = {
  book: 'Book',
  article: 'Article',
  blog_post: 'BlogPost',
  soft_draft: 'Draft',
  soft_memo: 'Memo',
};

const NOT_MARIADB = 'Spider is a MariaDB storage engine';

/** A TestDatabase over the head's Spider database (the sequence runs on it; statements are counted). */
class SpiderDatabase extends TestDatabase {
  private spiderSource?: DataSource;

  constructor(private readonly database: string) {
    super('mysql');
  }

  override get dataSource(): DataSource {
    if (!this.spiderSource) throw new Error('SpiderDatabase not open');
    return this.spiderSource;
  }

  override async open(): Promise<void> {
    this.spiderSource = new DataSource({
      ...connectionOptions('mysql'),
      database: this.database,
      entities: [...ALL_ENTITIES, ...SOFT_ENTITIES],
      logging: ['query'],
      logger: this.logger,
    } as any);
    await this.spiderSource.initialize();
  }

  override async close(): Promise<void> {
    if (this.spiderSource?.isInitialized) await this.spiderSource.destroy();
  }
}

/** 30 more rows per table on top of the shared fixture: repeated titles and pages (ties), NULL dates. */
async function addRows(db: TestDatabase): Promise<void> {
  const TITLES = ['apple pie', 'Banana Split', 'cherry', 'delta', 'Émile', 'zebra', '_x', 'null'];
  const row = (i: number) => {
    const release = i % 5 === 0 ? 'NULL' : `'202${i % 4}-0${1 + (i % 9)}-1${i % 3}'`;
    return `'${TITLES[i % TITLES.length]}', ${release}, ${(i % 7) * 10}`;
  };
  const range = Array.from({ length: 30 }, (_, i) => i + 1);
  await db.query(
    `INSERT INTO book (title, \`release\`, pages) VALUES ${range.map((i) => `(${row(i)})`).join(', ')}`,
  );
  await db.query(
    `INSERT INTO article (title, \`release\`, pages) VALUES ${range.map((i) => `(${row(i + 3)})`).join(', ')}`,
  );
  await db.query(
    `INSERT INTO blog_post (id, title, \`release\`, pages) VALUES ` +
      range.map((i) => `('p${String(i).padStart(2, '0')}', ${row(i + 5)})`).join(', '),
  );
}

/** Every row of the three tables, keyed by label: id, title, pages, release as text. */
type State = Record<string, string>;
const STATE_SQL = (table: string) =>
  table.startsWith('soft_')
    ? `SELECT id, IFNULL(DATE_FORMAT(deletedAt, '%Y-%m-%d %H:%i:%s'), 'NULL') AS v FROM ${table}`
    : `SELECT id, CONCAT_WS('|', title, pages, IFNULL(DATE_FORMAT(\`release\`, '%Y-%m-%d'), 'NULL')) AS v FROM ${table}`;
function toState(table: string, rows: { id: unknown; v: string }[], into: State): State {
  for (const r of rows) into[`${ENTITY[table]}:${r.id}`] = r.v;
  return into;
}

for (const dialect of availableDialects()) {
  if (dialect !== 'mysql') {
    describe(`Spider tables [${dialect}]`, () => {
      console.log(`spider.spec.ts [${dialect}] skipped: ${NOT_MARIADB}.`);
      it.skip(`skipped on ${dialect}: ${NOT_MARIADB}`, () => undefined);
    });
    continue;
  }
  const unavailable = spiderUnavailable((connectionOptions('mysql') as any).host);
  if (unavailable && process.env.CI === 'true') {
    throw new Error(`CI=true needs MariaDB's Spider engine for spider.spec.ts: ${unavailable}`);
  }
  if (unavailable) {
    describe('Spider tables [mysql]', () => {
      console.log(`spider.spec.ts [mysql] skipped: ${unavailable}.`);
      it.skip(`skipped: ${unavailable}`, () => undefined);
    });
    continue;
  }

  describe('Spider tables over two MariaDB backends [mysql]', () => {
    const options = connectionOptions('mysql') as any;
    const head: HeadServer = {
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
    };
    const spiderDatabase = `${options.database}_spider`;
    /** The plain InnoDB tables: the oracle's data. */
    const plain = new TestDatabase('mysql');
    const spider = new SpiderDatabase(spiderDatabase);
    let cluster: SpiderCluster | undefined;

    /** Puts the oracle's rows (ids included) into the Spider tables again. */
    async function copyRows(): Promise<void> {
      for (const { name } of ALL_TABLES) {
        await plain.query(`DELETE FROM \`${spiderDatabase}\`.${name}`);
        await plain.query(
          `INSERT INTO \`${spiderDatabase}\`.${name} (${COLUMNS[name]}) ` +
            `SELECT ${COLUMNS[name]} FROM \`${options.database}\`.${name}`,
        );
      }
    }

    /** Runs SQL on each backend's shard database directly. */
    async function onBackends<R>(sql: string): Promise<R[][]> {
      return Promise.all(
        cluster!.backends.map(async (backend) => {
          const connection = await backend.connect();
          try {
            await connection.query(`USE ${cluster!.shardDatabase}`);
            const [rows] = await connection.query(sql);
            return rows as R[];
          } finally {
            await connection.end();
          }
        }),
      );
    }

    /** What the backends hold, merged (each row is on exactly one of them). */
    async function backendState(tables = TABLES): Promise<State> {
      const state: State = {};
      for (const { name } of tables) {
        for (const rows of await onBackends<{ id: unknown; v: string }>(STATE_SQL(name))) {
          toState(name, rows, state);
        }
      }
      return state;
    }

    async function plainState(tables = TABLES): Promise<State> {
      const state: State = {};
      for (const { name } of tables) toState(name, await plain.query(STATE_SQL(name)), state);
      return state;
    }

    beforeAll(async () => {
      const started = SpiderCluster.start({ head, headDatabase: spiderDatabase, tables: ALL_TABLES });
      await plain.open([...ALL_ENTITIES, ...SOFT_ENTITIES]);
      await seed(plain);
      await addRows(plain);
      await seedSoftRows(plain);
      cluster = await started;
      await spider.open();
      await copyRows();
    }, 120_000);

    afterAll(async () => {
      await spider.close();
      await plain.close();
      await cluster?.stop();
    }, 60_000);

    it('the rows are spread over both backends, each row on exactly one', async () => {
      const expected = await plainState();
      expect(Object.keys(expected)).toHaveLength(106);
      expect(await backendState()).toEqual(expected);
      for (const { name } of TABLES) {
        const [{ engine }] = await plain.query(
          'SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
          [spiderDatabase, name],
        );
        expect(engine).toBe('SPIDER');
        const counts = (await onBackends<{ n: number }>(`SELECT COUNT(*) AS n FROM ${name}`)).map((r) =>
          Number(r[0].n),
        );
        expect(counts.every((n) => n > 0)).toBe(true);
        const [{ n }] = await plain.query(`SELECT COUNT(*) AS n FROM ${name}`);
        expect(counts[0] + counts[1]).toBe(Number(n));
      }
    });

    it('Spider pushes each branch ORDER BY … LIMIT, the keyset seek and COUNT(*) down to both backends', async () => {
      const seq = sequenceOf(spider.dataSource, 'publications').orderBy('title');
      const first = await seq.paginate({ first: 5 });
      await onBackends("SET GLOBAL log_output = 'TABLE', GLOBAL general_log = 1");
      try {
        await onBackends('TRUNCATE mysql.general_log');
        await seq.paginate({ first: 5, after: first.pageInfo.endCursor! });
        await seq.getCount();
        const logs = await onBackends<{ sql: string }>(
          "SELECT CONVERT(argument USING utf8mb4) AS `sql` FROM mysql.general_log WHERE command_type = 'Query'",
        );
        for (const log of logs) {
          const selects = log.map((r) => r.sql).filter((sql) => /^select/i.test(sql));
          for (const name of ['book', 'article', 'blog_post']) {
            const onTable = selects.filter((sql) => sql.includes(`\`${name}\``));
            // The page: this branch's ORDER BY title … LIMIT, with the seek past the cursor's title.
            expect(
              onTable.some((sql) => /order by `title`.*limit \d+/i.test(sql) && /`title` >/.test(sql)),
            ).toBe(true);
            // The count: an aggregate computed on the backend.
            expect(onTable.some((sql) => /count\(/i.test(sql))).toBe(true);
          }
        }
      } finally {
        await onBackends('SET GLOBAL general_log = 0');
      }
    });

    describe.each(STRATEGIES)('strategy %s', (strategy) => {
      const pubs = (): Seq => withStrategy(sequenceOf(spider.dataSource, 'publications'), strategy);
      const release = '`release`';

      const ORDERS: [string, (s: Seq) => Seq, () => string][] = [
        ["orderBy('title')", (s) => s.orderBy('title'), () => `title ASC, ${tail('ASC')}`],
        ["orderBy('title', 'DESC')", (s) => s.orderBy('title', 'DESC'), () => `title DESC, ${tail('DESC')}`],
        [
          "orderBy('release', 'DESC') (NULLs)",
          (s) => s.orderBy('release', 'DESC'),
          () => `${release} DESC, ${tail('DESC')}`,
        ],
        [
          "orderBy('release', 'ASC', 'NULLS LAST')",
          (s) => s.orderBy('release', 'ASC', 'NULLS LAST'),
          () => `${nullsTerm(plain, release, 'ASC', 'NULLS LAST')}, ${tail('ASC')}`,
        ],
        [
          "orderBy('pages').addOrderBy('title', 'DESC') (ties)",
          (s) => s.orderBy('pages').addOrderBy('title', 'DESC'),
          () => `pages ASC, title DESC, ${tail('DESC')}`,
        ],
        ["orderBy('#', 'DESC')", (s) => s.orderBy('#', 'DESC'), () => tail('DESC')],
      ];

      it.each(ORDERS)('%s: getMany() is the oracle’s order', async (_, order, orderBy) => {
        expect(labels(await order(pubs()).getMany())).toEqual(await oracle(plain, { orderBy: orderBy() }));
      });

      it.each(ORDERS)(
        '%s: skip/take, getFirst(), getLast() and stream() follow it',
        async (_, order, orderBy) => {
          const expected = await oracle(plain, { orderBy: orderBy() });
          const seq = order(pubs());
          expect(labels(await seq.skip(10).take(7).getMany())).toEqual(expected.slice(10, 17));
          expect(labels(await seq.skip(100).take(10).getMany())).toEqual(expected.slice(100));
          expect(labels(await seq.take(3).getMany())).toEqual(expected.slice(0, 3));
          expect(label((await seq.getFirst())!)).toBe(expected[0]);
          expect(label((await seq.getLast())!)).toBe(expected[expected.length - 1]);
          const streamed: string[] = [];
          for await (const row of seq.stream({ batchSize: 9 })) streamed.push(label(row));
          expect(streamed).toEqual(expected);
        },
      );

      it.each(ORDERS)(
        '%s: paginate() walks forwards and backwards over every row once',
        async (_, order, orderBy) => {
          const expected = await oracle(plain, { orderBy: orderBy() });
          const seq = order(pubs());
          const forward = await walk(seq, 'forward', 12);
          expect(labels(forward.items)).toEqual(expected);
          expect(forward.pages).toHaveLength(Math.ceil(expected.length / 12));
          const backward = await walk(seq, 'backward', 12);
          expect(labels(backward.items)).toEqual(expected);
        },
      );

      it('a filtered cursor walk and page: the oracle’s rows with the same condition', async () => {
        const seq = pubs().where('item.pages >= :p', { p: 20 }).orderBy('release', 'DESC');
        const expected = await oracle(plain, {
          where: 't.pages >= 20',
          orderBy: `${release} DESC, ${tail('DESC')}`,
        });
        expect(labels((await walk(seq, 'forward', 6)).items)).toEqual(expected);
        expect(labels(await seq.skip(4).take(5).getMany())).toEqual(expected.slice(4, 9));
      });

      it('getCount() and getCounts(), with and without a condition, ignoring skip/take', async () => {
        for (const [where, condition] of [
          ['1 = 1', (s: Seq) => s],
          ['t.pages >= 20', (s: Seq) => s.where('item.pages >= :p', { p: 20 })],
          [`t.${release} IS NULL`, (s: Seq) => s.where({ release: IsNull() })],
        ] as const) {
          const byIndex = await Promise.all(
            TABLES.map(async ({ name }) =>
              Number((await plain.query(`SELECT COUNT(*) AS n FROM ${name} t WHERE ${where}`))[0].n),
            ),
          );
          const total = byIndex.reduce((a, b) => a + b, 0);
          const seq = condition(pubs()).orderBy('title').skip(3).take(2);
          expect(await seq.getCount()).toBe(total);
          expect(await seq.getCounts()).toEqual({
            total,
            byEntity: { Book: byIndex[0], Article: byIndex[1], BlogPost: byIndex[2] },
            byIndex,
          });
        }
      });

      describe('writes', () => {
        beforeEach(() => copyRows());
        afterAll(() => copyRows());

        /** The oracle's rows matching a condition, as labels. */
        const matching = (where: string) => oracle(plain, { where, orderBy: tail('ASC') });

        it('update() changes exactly the matching rows on the backends', async () => {
          const before = await plainState();
          const hits = await matching('t.pages >= 50');
          const result = await pubs().where('item.pages >= :p', { p: 50 }).update({ pages: 7 });
          expect(result.affected).toBe(hits.length);
          const expected = { ...before };
          for (const hit of hits) expected[hit] = expected[hit].replace(/\|\d+\|/, '|7|');
          expect(await backendState()).toEqual(expected);
        });

        it('delete() removes exactly the matching rows from the backends', async () => {
          const before = await plainState();
          const hits = await matching(`t.title = 'cherry'`);
          const result = await pubs().where({ title: 'cherry' }).delete();
          expect(result.affected).toBe(hits.length);
          for (const hit of hits) delete before[hit];
          expect(await backendState()).toEqual(before);
        });

        it('all or nothing: an update one backend refuses (CHECK on blog_post) changes no row anywhere', async () => {
          const before = await plainState();
          const error = await pubs()
            .update({ pages: -1 })
            .then(
              () => null,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(Error);
          expect(error).not.toBeInstanceOf(SequenceError);
          expect((error as Error).message).toMatch(/CHK_blog_post_pages/);
          expect(await backendState()).toEqual(before);
        });
      });

      describe('soft delete (Draft, Memo)', () => {
        const soft = () => withStrategy(sequenceOf(spider.dataSource, [Draft, Memo]), strategy);
        const rank = (n: number) => `t.\`rank\` = ${n}`;
        beforeEach(() => copyRows());
        afterAll(() => copyRows());

        it('reads leave soft-deleted rows out and withDeleted() keeps them', async () => {
          expect((await soft().orderBy('rank').getMany()).map(softLabel)).toEqual(await softOracle(plain));
          const all = await softOracle(plain, {
            withDeleted: true,
            orderBy: '`rank` DESC, idx DESC, ipk DESC, spk DESC',
          });
          expect(
            (await soft().withDeleted().orderBy('rank', 'DESC').skip(500).take(30).getMany()).map(softLabel),
          ).toEqual(all.slice(500, 530));
          expect(await soft().getCount()).toBe((await softOracle(plain)).length);
          expect(await soft().withDeleted().getCount()).toBe(all.length);
        });

        it('softDelete() and restore() change exactly the matching rows on the backends', async () => {
          const before = await plainState(SOFT_TABLES);
          const hits = await softOracle(plain, { where: rank(1) });
          const result = await soft().where({ rank: 1 }).softDelete();
          expect(result.affected).toBe(hits.length);
          const after = await backendState(SOFT_TABLES);
          const changed = Object.keys(after)
            .filter((l) => after[l] !== before[l])
            .sort();
          expect(changed).toEqual([...hits].sort());
          for (const hit of hits) expect(after[hit]).not.toBe('NULL');
          const everyRankOne = await softOracle(plain, { where: rank(1), withDeleted: true });
          const restored = await soft().withDeleted().where({ rank: 1 }).restore();
          expect(restored.affected).toBe(everyRankOne.length);
          const expected = { ...before };
          for (const row of everyRankOne) expected[row] = 'NULL';
          expect(await backendState(SOFT_TABLES)).toEqual(expected);
        });

        it('all or nothing: a softDelete() one backend refuses (memo 7) leaves every draft as it was', async () => {
          const before = await plainState(SOFT_TABLES);
          const hits = await softOracle(plain, { where: rank(2) });
          expect(hits).toContain('Memo:m07');
          expect(hits.filter((h) => h.startsWith('Draft:')).length).toBeGreaterThan(100);
          // The backend's own error, relayed by Spider.
          await expect(soft().where({ rank: 2 }).softDelete()).rejects.toThrow(/CHK_memo_7/);
          expect(await backendState(SOFT_TABLES)).toEqual(before);
        });
      });
    });
  });
}
