import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type Logger, type QueryRunner } from 'typeorm';
import { ALL_ENTITIES, Article, BlogPost, Book } from '../../entities';
import { sequenceOf } from '../../src';
import { labels, tail } from '../ordering/order-oracle';
import { requestedDialects } from '../support/dialects';
import { oracle } from '../support/oracle';
import { ReplicaCluster, clusterUnavailable, waitForReplay } from '../support/replica-cluster';
import { seed } from '../support/seed';
import { TestDatabase } from '../support/test-database';

/*
 * A real PostgreSQL primary and a streaming hot standby (started here, stopped after). The standby's
 * replay is paused after the shared fixture reached it, then three rows are added on the primary: a
 * read shows them only on the primary, so each result says which server answered. Expected results
 * are plain SQL on each server.
 */

/** A TestDatabase over a DataSource opened here (the oracle's queries run on it). */
class OnServer extends TestDatabase {
  constructor(private readonly server: DataSource) {
    super('postgres');
  }

  override get dataSource(): DataSource {
    return this.server;
  }
}

/** Records the replication mode of the QueryRunner each statement ran on. */
class ModeLogger implements Logger {
  readonly modes: string[] = [];
  logQuery(_query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    this.modes.push(runner?.getReplicationMode() ?? 'none');
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const skipped = !requestedDialects().includes('postgres')
  ? 'postgres is not in TEST_DIALECTS'
  : clusterUnavailable();
if (skipped && process.env.CI === 'true' && requestedDialects().includes('postgres')) {
  throw new Error(`CI=true needs a PostgreSQL primary and standby for this spec: ${skipped}`);
}
if (skipped) process.stdout.write(`\nread-replicas.spec skipped: ${skipped}.\n`);

(skipped ? describe.skip : describe)('reads follow TypeORM replication [postgres primary + standby]', () => {
  let cluster: ReplicaCluster | undefined;
  const opened: DataSource[] = [];
  let primary: OnServer;
  let standby: OnServer;
  /** replication: { master: primary, slaves: [standby] } (reads default to the standby). */
  let replicated: DataSource;
  /** The same with `defaultMode: 'master'`. */
  let masterReads: DataSource;
  const modes = new ModeLogger();

  const server = (port: number) => ({
    host: '127.0.0.1',
    port,
    username: 'postgres',
    password: '',
    database: 'postgres',
  });
  const open = async (options: Partial<DataSourceOptions>) => {
    const source = new DataSource({ type: 'postgres', entities: ALL_ENTITIES, ...options } as any);
    opened.push(source);
    return source.initialize();
  };

  const LATE = 'AAA late';
  const byTitle = `title ASC, ${tail('ASC')}`;
  const pubs = (source: DataSource | import('typeorm').EntityManager) =>
    sequenceOf(source, 'publications').orderBy('title');
  const expected = async (on: OnServer) => oracle(on, { orderBy: byTitle });

  beforeAll(async () => {
    cluster = await ReplicaCluster.start();
    const [p, s] = await Promise.all([
      open({ ...server(cluster.primaryPort), synchronize: true, dropSchema: true }),
      open(server(cluster.standbyPort)),
    ]);
    primary = new OnServer(p);
    standby = new OnServer(s);
    await seed(primary);
    await waitForReplay(p, s);
    await s.query('SELECT pg_wal_replay_pause()');
    while ((await s.query('SELECT pg_get_wal_replay_pause_state() AS state'))[0].state !== 'paused') {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Only the primary has these: the standby replays nothing more until the end.
    await p.manager.save(Book, { title: `${LATE} book`, release: '2024-01-01', pages: 9, isbn: '999' });
    await p.manager.save(Article, { title: `${LATE} article`, release: '2024-01-01', pages: 9, medium: 'X' });
    await p.manager.save(BlogPost, { id: 'late', title: `${LATE} post`, release: null, pages: 9, likes: 1 });
    const replication = { master: server(cluster.primaryPort), slaves: [server(cluster.standbyPort)] };
    [replicated, masterReads] = await Promise.all([
      open({ replication, logging: ['query'], logger: modes } as any),
      open({ replication: { ...replication, defaultMode: 'master' } } as any),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(opened.filter((s) => s.isInitialized).map((s) => s.destroy()));
    await cluster?.stop();
  }, 60_000);

  it('the servers differ by the late rows, and TypeORM itself reads the standby', async () => {
    const [onPrimary, onStandby] = await Promise.all([expected(primary), expected(standby)]);
    expect(onPrimary).toHaveLength(onStandby.length + 3);
    const early = await oracle(primary, { where: `t.title NOT LIKE '${LATE}%'`, orderBy: byTitle });
    expect(onStandby).toEqual(early);
    expect(await replicated.getRepository(Book).count()).toBe(
      Number((await standby.query('SELECT COUNT(*) AS n FROM book'))[0].n),
    );
  });

  it('getMany(), getFirst(), getValues() read the standby, every statement in slave mode', async () => {
    const onStandby = await expected(standby);
    modes.modes.length = 0;
    expect(labels(await pubs(replicated).getMany())).toEqual(onStandby);
    expect(labels([(await pubs(replicated).getFirst())!])).toEqual(onStandby.slice(0, 1));
    const titles = await standby.query(
      `SELECT title FROM (SELECT title FROM book UNION ALL SELECT title FROM article ` +
        `UNION ALL SELECT title FROM blog_post) u ORDER BY title`,
    );
    expect((await pubs(replicated).getValues('title')).map((v) => v.title)).toEqual(
      titles.map((r) => r.title),
    );
    expect(modes.modes.length).toBeGreaterThan(0);
    expect(new Set(modes.modes)).toEqual(new Set(['slave']));
  });

  it('explain() and stream() run in slave mode, each statement on its own released runner', async () => {
    modes.modes.length = 0;
    const [plan] = await pubs(replicated).explain();
    expect(plan.plan.length).toBeGreaterThan(0);
    for await (const row of pubs(replicated).stream({ batchSize: 4 })) expect(row).toBeDefined();
    expect(new Set(modes.modes)).toEqual(new Set(['slave']));
    const pool = (replicated.driver as any).slaves[0];
    expect(pool.totalCount - pool.idleCount).toBe(0); // every runner went back to the standby's pool
  });

  it('a condition true only on a standby keeps every row: key query and entity loads ran there', async () => {
    const onStandby = await expected(standby);
    const recovering = pubs(replicated).where('pg_is_in_recovery()');
    expect(labels(await recovering.getMany())).toEqual(onStandby);
    expect(await recovering.getCount()).toBe(onStandby.length);
    expect(await pubs(masterReads).where('pg_is_in_recovery()').getCount()).toBe(0);
  });

  it('getCount() reads the standby (one COUNT per builder at once, each on its own runner)', async () => {
    const onStandby = await expected(standby);
    modes.modes.length = 0;
    expect(await pubs(replicated).getCount()).toBe(onStandby.length);
    expect(modes.modes).toEqual(['slave', 'slave', 'slave']);
    const [page, count] = await pubs(replicated).take(2).getManyAndCount();
    expect([labels(page), count]).toEqual([onStandby.slice(0, 2), onStandby.length]);
  });

  it('paginate() reads the standby, page after page', async () => {
    const onStandby = await expected(standby);
    const first = await pubs(replicated).paginate({ first: 5, withCount: true });
    const next = await pubs(replicated).paginate({ first: 5, after: first.pageInfo.endCursor });
    expect(labels(first.edges.map((e) => e.node))).toEqual(onStandby.slice(0, 5));
    expect(labels(next.edges.map((e) => e.node))).toEqual(onStandby.slice(5, 10));
    expect(first.totalCount).toBe(onStandby.length);
  });

  it('stream() reads the standby, batch after batch', async () => {
    const onStandby = await expected(standby);
    const streamed: object[] = [];
    for await (const row of pubs(replicated).stream({ batchSize: 4 })) streamed.push(row);
    expect(labels(streamed)).toEqual(onStandby);
  });

  it('getExists() and contains() read the standby', async () => {
    const late = await primary.dataSource.manager.findOneByOrFail(BlogPost, { id: 'late' });
    expect(await pubs(replicated).contains(late)).toBe(false);
    expect(await pubs(masterReads).contains(late)).toBe(true);
    expect(
      await pubs(replicated)
        .where('item.title LIKE :t', { t: `${LATE}%` })
        .getExists(),
    ).toBe(false);
  });

  it("replication.defaultMode 'master' reads the primary", async () => {
    const onPrimary = await expected(primary);
    expect(labels(await pubs(masterReads).getMany())).toEqual(onPrimary);
    expect(await pubs(masterReads).getCount()).toBe(onPrimary.length);
    const streamed: object[] = [];
    for await (const row of pubs(masterReads).stream({ batchSize: 4 })) streamed.push(row);
    expect(labels(streamed)).toEqual(onPrimary);
  });

  it('a sequence inside ds.transaction() reads the primary', async () => {
    const onPrimary = await expected(primary);
    const [rows, count, page] = await replicated.transaction(async (manager) => [
      await pubs(manager).getMany(),
      await pubs(manager).getCount(),
      await pubs(manager).paginate({ first: 3 }),
    ]);
    expect(labels(rows)).toEqual(onPrimary);
    expect(count).toBe(onPrimary.length);
    expect(labels(page.edges.map((e) => e.node))).toEqual(onPrimary.slice(0, 3));
  });

  it("a QueryRunner's own mode is used: 'slave' reads the standby, 'master' the primary", async () => {
    const [onPrimary, onStandby] = await Promise.all([expected(primary), expected(standby)]);
    for (const [mode, rows] of [
      ['slave', onStandby],
      ['master', onPrimary],
    ] as const) {
      const runner = replicated.createQueryRunner(mode);
      try {
        expect(labels(await pubs(runner.manager).getMany())).toEqual(rows);
        expect(await pubs(runner.manager).getCount()).toBe(rows.length);
      } finally {
        await runner.release();
      }
    }
  });

  it('update() and delete() write on the primary', async () => {
    const late = () => sequenceOf(replicated, 'publications').where('item.title LIKE :t', { t: `${LATE}%` });
    expect(await late().getCount()).toBe(0); // the standby has none of them
    expect(await late().update({ pages: 99 })).toEqual({
      affected: 3,
      byEntity: { Book: 1, Article: 1, BlogPost: 1 },
    });
    const pages = async () =>
      (
        await primary.query(
          `SELECT pages FROM book WHERE title LIKE $1 UNION ALL SELECT pages FROM article WHERE title LIKE $1 ` +
            `UNION ALL SELECT pages FROM blog_post WHERE title LIKE $1`,
          [`${LATE}%`],
        )
      ).map((r) => r.pages);
    expect(await pages()).toEqual([99, 99, 99]);
    expect((await late().delete()).affected).toBe(3);
    expect(await pages()).toEqual([]);
  });
});
