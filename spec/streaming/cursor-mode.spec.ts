import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, BlogPost, Book } from '../../entities';
import {
  InvalidArgumentError,
  SequenceQueryBuilder,
  UnsupportedOperationError,
  sequenceIndexOf,
  sequenceOf,
} from '../../src';
import { CountingLogger } from '../support/counting-logger';
import { oracle } from '../support/oracle';
import { authorOracle } from '../ordering/order-oracle';
import { labels, nullsTerm, tail } from '../support/order-terms';
import { label, seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

const drain = async (iterable: AsyncIterable<object>, stopAfter = Infinity) => {
  const out: string[] = [];
  for await (const entity of iterable) {
    out.push(label(entity));
    if (out.length >= stopAfter) break;
  }
  return out;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The statements that read the sequence (the entity loads of non-carried builders do not select `#`). */
const keyQueries = (queries: string[]) => queries.filter((sql) => sql.includes('seq_idx'));

/**
 * The server's view of the stream's connection: PostgreSQL's pg_stat_activity and MariaDB's processlist
 * rows running a sequence statement (other than the one asking). SQLite has no server: null.
 */
async function serverStatements(db: TestDatabase): Promise<number | null> {
  if (db.dialect === 'sqlite') return null;
  const rows =
    db.dialect === 'postgres'
      ? await db.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() ` +
            `AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE '%seq_idx%'`,
        )
      : await db.query(
          `SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() ` +
            `AND ID <> CONNECTION_ID() AND INFO LIKE '%seq_idx%'`,
        );
  return Number(rows[0].n);
}

/** Connections of the DataSource's pool that are checked out (0 when every one is back). */
function checkedOut(db: TestDatabase): number {
  const driver = db.dataSource.driver as any;
  if (db.dialect === 'postgres') return driver.master.totalCount - driver.master.idleCount;
  if (db.dialect === 'mysql') return driver.pool._allConnections.length - driver.pool._freeConnections.length;
  return 0;
}

/**
 * The stream's connection is back: nothing checked out of the pool, no sequence statement running on the
 * server, and writes work (SQLite's one connection refuses them while a cursor is open on it).
 */
async function expectReleased(db: TestDatabase): Promise<void> {
  for (let i = 0; i < 100 && ((await serverStatements(db)) ?? 0) > 0; i++) await sleep(20);
  expect(await serverStatements(db)).toBe(db.dialect === 'sqlite' ? null : 0);
  expect(checkedOut(db)).toBe(0);
  await db.query(`UPDATE ${db.q('book')} SET ${db.q('pages')} = ${db.q('pages')} WHERE 1 = 0`);
}

describeEachDialect("stream({ mode: 'cursor' })", (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');
  const release = () => db.q('release');

  beforeAll(() => seed(db));

  const ORDERS: [string, (s: Seq) => Seq, () => Promise<string[]>][] = [
    [
      "orderBy('title')",
      (s) => s.orderBy('title'),
      () => oracle(db, { orderBy: `title ASC, ${tail('ASC')}` }),
    ],
    [
      "orderBy('release', 'DESC') (NULLs where the database puts them)",
      (s) => s.orderBy('release', 'DESC'),
      () => oracle(db, { orderBy: `${release()} DESC, ${tail('DESC')}` }),
    ],
    [
      "orderBy('release', 'ASC', 'NULLS FIRST')",
      (s) => s.orderBy('release', 'ASC', 'NULLS FIRST'),
      () => oracle(db, { orderBy: `${nullsTerm(db, release(), 'ASC', 'NULLS FIRST')}, ${tail('ASC')}` }),
    ],
    [
      "orderBy('pages').addOrderBy('title', 'DESC') (ties on pages)",
      (s) => s.orderBy('pages').addOrderBy('title', 'DESC'),
      () => oracle(db, { orderBy: `pages ASC, title DESC, ${tail('DESC')}` }),
    ],
    [
      "orderBy('author.name') (a join, NULL authors)",
      (s) => s.orderBy('author.name'),
      () => authorOracle(db, `author_name ASC, ${tail('ASC')}`),
    ],
    ["orderBy('#', 'DESC')", (s) => s.orderBy('#', 'DESC'), () => oracle(db, { orderBy: tail('DESC') })],
  ];

  it.each(ORDERS)(
    '%s: the oracle order and keyset mode, at batch sizes 1, 3 and 1000, in one statement',
    async (_, order, expectedOrder) => {
      const expected = await expectedOrder();
      expect(expected).toHaveLength(16);
      expect(await drain(order(pubs()).stream())).toEqual(expected);
      for (const batchSize of [1, 3, 1000]) {
        const { result, queries } = await db.counted(() =>
          drain(order(pubs()).stream({ mode: 'cursor', batchSize })),
        );
        expect({ batchSize, result }).toEqual({ batchSize, result: expected });
        // The builders' columns ride along: no load statement, one statement whatever the batch size.
        expect({ batchSize, queries: queries.length }).toEqual({ batchSize, queries: 1 });
      }
    },
  );

  it('the same entities as getMany(): every column, its class and its `#`, at any batch size', async () => {
    const seq = pubs().orderBy('pages', 'DESC');
    const expected = await seq.getMany();
    const described = (rows: object[]) =>
      rows.map((e) => ({ entity: e, type: e.constructor.name, index: sequenceIndexOf(e) }));
    for (const batchSize of [1, 5, 1000]) {
      const got: object[] = [];
      for await (const e of seq.stream({ mode: 'cursor', batchSize })) got.push(e);
      expect({ batchSize, rows: described(got) }).toEqual({ batchSize, rows: described(expected) });
    }
  });

  it('next() called again before the last settled: each row once, in order; return() after them ends it', async () => {
    const seq = pubs().orderBy('title');
    const expected = labels(await seq.getMany());
    const iterator = seq.stream({ mode: 'cursor', batchSize: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, () => iterator.next()));
    expect(results.filter((r) => !r.done).map((r) => label(r.value))).toEqual(expected);
    expect(results.slice(expected.length).every((r) => r.done)).toBe(true);
    await expectReleased(db);
    const early = seq.stream({ mode: 'cursor', batchSize: 2 });
    const [a, b, end] = await Promise.all([early.next(), early.next(), early.return!()]);
    expect([label(a.value), label(b.value), end.done]).toEqual([...expected.slice(0, 2), true]);
    expect((await early.next()).done).toBe(true);
    await expectReleased(db);
  });

  it('skip/take and a filter: the same slice as getMany(), still one statement', async () => {
    const filtered = pubs().where('item.pages > :n', { n: 3 }).orderBy('release', 'DESC');
    for (const seq of [filtered, filtered.take(5), filtered.skip(2).take(6), filtered.skip(4)]) {
      const expected = labels(await seq.getMany());
      const { result, queries } = await db.counted(() => drain(seq.stream({ mode: 'cursor', batchSize: 2 })));
      expect(result).toEqual(expected);
      expect(queries).toHaveLength(1);
    }
    const { result, queries } = await db.counted(() => drain(pubs().take(0).stream({ mode: 'cursor' })));
    expect({ result, queries }).toEqual({ result: [], queries: [] });
  });

  it('a to-many join and-selected: entities loaded per batch beside the cursor, equal to getMany()', async () => {
    const seq = pubs().leftJoinAndSelect('tags').orderBy('title', 'DESC');
    const expected = await seq.getMany();
    const tagsOf = (rows: any[]) =>
      rows.map(
        (r) =>
          `${label(r)}[${r.tags
            .map((t: any) => t.name)
            .sort()
            .join(',')}]`,
      );
    const got: any[] = [];
    const { queries } = await db.counted(async () => {
      for await (const row of seq.stream({ mode: 'cursor', batchSize: 4 })) got.push(row);
    });
    expect(tagsOf(got)).toEqual(tagsOf(expected));
    expect(keyQueries(queries)).toHaveLength(1);
    await expectReleased(db);
  });

  it('holds one connection while the loop runs and releases it when the loop breaks', async () => {
    const seq = pubs().orderBy('title');
    const expected = labels(await seq.getMany());
    const iterator = seq.stream({ mode: 'cursor', batchSize: 2 });
    const first = await iterator.next();
    expect(label(first.value)).toBe(expected[0]);
    // Open: the connection stays checked out of the pool, and PostgreSQL shows the statement running (its
    // portal); MariaDB sent these few rows at once, so its processlist shows the connection idle.
    expect(checkedOut(db)).toBe(db.dialect === 'sqlite' ? 0 : 1);
    if (db.dialect === 'postgres') expect(await serverStatements(db)).toBe(1);
    if (db.dialect === 'sqlite') {
      await expect(db.query(`UPDATE ${db.q('book')} SET ${db.q('pages')} = 1 WHERE 1 = 0`)).rejects.toThrow(
        /busy executing a query/,
      );
      // Reads still run on it between the cursor's rows.
      expect(labels(await seq.take(2).getMany())).toEqual(expected.slice(0, 2));
    }
    const rest: string[] = [];
    for await (const row of iterator) {
      rest.push(label(row));
      if (rest.length === 2) break;
    }
    expect(rest).toEqual(expected.slice(1, 3));
    await expectReleased(db);
    // A finished iterator stays finished and runs nothing.
    const { result, queries } = await db.counted(() => iterator.next());
    expect({ done: result.done, queries }).toEqual({ done: true, queries: [] });
    // Read to the end, it is released too.
    expect(await drain(seq.stream({ mode: 'cursor', batchSize: 5 }))).toEqual(expected);
    await expectReleased(db);
  });

  it('an error thrown in the loop, or by the database, releases the connection', async () => {
    const seq = pubs().orderBy('pages');
    await expect(
      (async () => {
        for await (const row of seq.stream({ mode: 'cursor', batchSize: 3 })) {
          if (label(row)) throw new Error('caller failed');
        }
      })(),
    ).rejects.toThrow('caller failed');
    await expectReleased(db);
    // A statement the database rejects while it runs: PostgreSQL and MariaDB refuse a subquery that gives
    // two rows where one value is expected; SQLite takes the first, so a function that throws stands in.
    if (db.dialect === 'sqlite') {
      (db.dataSource.driver as any).databaseConnection.function('fails_at_pages', (pages: number) => {
        if (pages === 80) throw new Error('failed at 80 pages');
        return 1;
      });
    }
    const failing =
      db.dialect === 'sqlite'
        ? pubs().andWhere('fails_at_pages(item.pages) = 1')
        : pubs().andWhere('item.pages = (SELECT 1 UNION ALL SELECT 2)');
    await expect(drain(failing.orderBy('title').stream({ mode: 'cursor', batchSize: 2 }))).rejects.toThrow();
    await expectReleased(db);
  });

  it("inside a caller's transaction: reads on its connection, which serves the transaction again after a break", async () => {
    const expected = labels(await pubs().orderBy('title').getMany());
    await db.dataSource.transaction(async (manager) => {
      const own = () =>
        SequenceQueryBuilder.from(
          manager.getRepository(Book).createQueryBuilder('item'),
          manager.getRepository(Article).createQueryBuilder('item'),
          manager.getRepository(BlogPost).createQueryBuilder('item'),
        );
      await manager.query(`UPDATE ${db.q('book')} SET ${db.q('title')} = '0 in transaction' WHERE id = 1`);
      const seen = await drain(own().orderBy('title').stream({ mode: 'cursor', batchSize: 2 }), 3);
      // Its uncommitted write is seen: the statement ran on the transaction's connection.
      expect(seen[0]).toBe('Book:1');
      // The transaction's connection takes the next statement (MariaDB read the rest of the result).
      const [{ n }] = await manager.query(`SELECT COUNT(*) AS n FROM ${db.q('book')}`);
      expect(Number(n)).toBe(6);
      // Builders whose entities need loads of their own would wait for the busy connection: refused first.
      const joined = own().leftJoinAndSelect('tags').orderBy('title');
      if (db.dialect === 'sqlite') {
        expect((await drain(joined.stream({ mode: 'cursor' }))).length).toBe(16);
      } else {
        const { result, queries } = await db.counted(async () => {
          try {
            await drain(joined.stream({ mode: 'cursor' }));
          } catch (error) {
            return error;
          }
          return undefined;
        });
        expect(result).toEqual(expect.any(UnsupportedOperationError));
        expect((result as Error).message).toMatch(/builder #0 \(Book\).*mode 'keyset'/);
        expect(queries).toEqual([]);
      }
      await manager.query(`UPDATE ${db.q('book')} SET ${db.q('title')} = 'apple pie' WHERE id = 1`);
    });
    expect(labels(await pubs().orderBy('title').getMany())).toEqual(expected);
    await expectReleased(db);
  });

  it("an unknown mode is an InvalidArgumentError from stream() itself, before any SQL; 'keyset' is the default", async () => {
    for (const mode of ['Cursor', 'offset', 1, null]) {
      const { result, queries } = await db.counted(async () => {
        try {
          pubs().stream({ mode: mode as any });
        } catch (error) {
          return error;
        }
        return undefined;
      });
      expect({ mode, error: result }).toEqual({ mode, error: expect.any(InvalidArgumentError) });
      expect((result as Error).message).toMatch(/stream\(options\)\.mode: expected 'keyset' or 'cursor'/);
      expect(queries).toEqual([]);
    }
    // The default mode runs one key statement per batch.
    const { queries } = await db.counted(() => drain(pubs().orderBy('title').stream({ batchSize: 5 })));
    expect(keyQueries(queries).length).toBeGreaterThanOrEqual(4);
  });

  describe('with a second DataSource', () => {
    const remoteLogger = new CountingLogger();
    const remote = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: ALL_ENTITIES,
      synchronize: true,
      logging: ['query'],
      logger: remoteLogger,
    });
    beforeAll(async () => {
      await remote.initialize();
      await remote.manager.save(Article, [
        { title: 'remote hundred', release: '2020-02-02', pages: 100, medium: 'Remote' },
        { title: 'remote 250', release: null, pages: 250, medium: 'Remote' },
        { title: 'remote one', release: '2018-01-01', pages: 1, medium: 'Remote' },
        { title: 'remote eighty', release: null, pages: 80, medium: 'Remote' },
      ]);
    });
    afterAll(() => remote.destroy());

    const both = () =>
      SequenceQueryBuilder.from(
        db.dataSource.getRepository(Book).createQueryBuilder('item'),
        remote.getRepository(Article).createQueryBuilder('item'),
      );

    it('one cursor per DataSource, merged in the total order as getMany() and keyset mode merge them', async () => {
      for (const seq of [
        both().orderBy('pages'),
        both().orderBy('pages', 'DESC'),
        both().orderBy('pages').skip(3).take(4),
      ]) {
        const expected = labels(await seq.getMany());
        expect(await drain(seq.stream())).toEqual(expected);
        remoteLogger.reset();
        const { result, queries } = await db.counted(() =>
          drain(seq.stream({ mode: 'cursor', batchSize: 2 })),
        );
        expect(result).toEqual(expected);
        expect(queries).toHaveLength(1);
        expect(remoteLogger.queries).toHaveLength(1);
      }
      const seq = both().orderBy('pages');
      expect(await drain(seq.stream({ mode: 'cursor', batchSize: 2 }), 3)).toEqual(
        labels(await seq.take(3).getMany()),
      );
      await expectReleased(db);
      await remote.query('UPDATE article SET pages = pages WHERE 1 = 0');
    });
  });
});
