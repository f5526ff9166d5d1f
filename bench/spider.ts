/**
 * What MariaDB's Spider engine pushes down to its backends for the sequence's statements: Book, Article and
 * BlogPost (SPIDER_ROWS rows each, default 20 000) as Spider tables on the MariaDB of the specs
 * (MYSQL_* settings, database `<MYSQL_DATABASE>_spider`), each partitioned by primary key over two backend
 * mariadbd servers started here (spec/support/spider-cluster.ts) and stopped at the end. For each scenario
 * it prints the statements the sequence sent to the head, the statements each backend received (its
 * general log), and each backend's counters (rows read by handler calls, rows sent to the head).
 *
 *   npm run bench:spider
 *   SPIDER_ROWS=100000 npm run bench:spider
 */
import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { ALL_ENTITIES, type Article, type BlogPost, type Book } from '../entities';
import { sequenceOf, type SequenceQueryBuilder } from '../src';
import { connectionOptions } from '../spec/support/dialects';
import { acquireRunLock, releaseRunLock } from '../spec/support/run-lock';
import { PUBLICATION_TABLES, SpiderCluster, type Backend } from '../spec/support/spider-cluster';

const ROWS = Number(process.env.SPIDER_ROWS ?? 20_000);
const DEPTH = Math.floor(ROWS / 2);
const COUNTERS = [
  'Com_select',
  'Rows_sent',
  'Handler_read_first',
  'Handler_read_last',
  'Handler_read_key',
  'Handler_read_next',
  'Handler_read_prev',
  'Handler_read_rnd',
  'Handler_read_rnd_next',
];

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

class Recorder implements Logger {
  statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

async function onBackend<R = any>(backend: Backend, sql: string): Promise<R[]> {
  const connection = await backend.connect();
  try {
    const [rows] = await connection.query(sql);
    return rows as R[];
  } finally {
    await connection.end();
  }
}

async function counters(backend: Backend): Promise<Record<string, number>> {
  const rows = await onBackend<{ Variable_name: string; Value: string }>(
    backend,
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map((c) => `'${c}'`).join(', ')})`,
  );
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

async function main(): Promise<void> {
  const options = connectionOptions('mysql') as any;
  const headDatabase = `${options.database}_spider`;
  await acquireRunLock();
  let cluster: SpiderCluster | undefined;
  let source: DataSource | undefined;
  try {
    const started = Date.now();
    cluster = await SpiderCluster.start({
      head: { host: options.host, port: options.port, user: options.username, password: options.password },
      headDatabase,
      tables: PUBLICATION_TABLES,
    });
    console.log(
      `cluster started in ${Date.now() - started} ms; backends on ports ${cluster.backends.map((b) => b.port).join(', ')}`,
    );
    const recorder = new Recorder();
    source = await new DataSource({
      ...options,
      database: headDatabase,
      entities: ALL_ENTITIES,
      logging: ['query'],
      logger: recorder,
    }).initialize();
    const row = (key: string) =>
      `${key}, CONCAT('title ', seq % 997), IF(seq % 50 = 0, NULL, DATE('2015-01-01') + INTERVAL (seq % 3650) DAY), seq % 500`;
    const seeded = Date.now();
    await source.query(
      `INSERT INTO book (id, title, \`release\`, pages) SELECT ${row('seq')} FROM seq_1_to_${ROWS}`,
    );
    await source.query(
      `INSERT INTO article (id, title, \`release\`, pages) SELECT ${row('seq')} FROM seq_1_to_${ROWS}`,
    );
    await source.query(
      `INSERT INTO blog_post (id, title, \`release\`, pages) SELECT ${row("CONCAT('p', seq)")} FROM seq_1_to_${ROWS}`,
    );
    console.log(`${ROWS} rows a table inserted through Spider in ${Date.now() - seeded} ms`);
    // Fresh statistics on the backends, as a table that has been in use has.
    for (const backend of cluster.backends) {
      await onBackend(backend, 'ANALYZE TABLE shard.book, shard.article, shard.blog_post');
    }
    for (const backend of cluster.backends) {
      const counts = await onBackend(
        backend,
        `SELECT (SELECT COUNT(*) FROM shard.book) AS book, (SELECT COUNT(*) FROM shard.article) AS article, ` +
          `(SELECT COUNT(*) FROM shard.blog_post) AS blog_post`,
      );
      console.log(`backend ${backend.port}: ${JSON.stringify(counts[0])}`);
    }

    const pubs = (): Seq => sequenceOf(source!, 'publications').orderBy('release', 'DESC');
    let deepCursor = '';
    for (let seen = 0; seen < DEPTH;) {
      const page = await pubs().paginate({
        first: Math.min(5000, DEPTH - seen),
        after: deepCursor || undefined,
      });
      seen += page.items.length;
      deepCursor = page.pageInfo.endCursor!;
    }

    const scenarios: [string, () => Promise<unknown>][] = [
      ['first page: take(20).getMany()', () => pubs().take(20).getMany()],
      ['offset page: skip(1000).take(20).getMany()', () => pubs().skip(1000).take(20).getMany()],
      [`offset page: skip(${DEPTH}).take(20).getMany()`, () => pubs().skip(DEPTH).take(20).getMany()],
      [
        `keyset page ${DEPTH} rows deep: paginate({ first: 20, after })`,
        () => pubs().paginate({ first: 20, after: deepCursor }),
      ],
      ['getCount()', () => pubs().getCount()],
      ['getCounts()', () => pubs().getCounts()],
      ['getFirst()', () => pubs().getFirst()],
      [
        'stream({ batchSize: 500 }), first 1 000 rows',
        async () => {
          let n = 0;
          for await (const _ of pubs().stream({ batchSize: 500 })) if (++n === 1000) break;
        },
      ],
      [
        "where('item.pages = 7').take(20) (a filter on another indexed column)",
        () => pubs().where('item.pages = :p', { p: 7 }).take(20).getMany(),
      ],
    ];

    await Promise.all(
      cluster.backends.map((b) => onBackend(b, "SET GLOBAL log_output = 'TABLE', GLOBAL general_log = 1")),
    );
    for (const [name, run] of scenarios) {
      await Promise.all(cluster.backends.map((b) => onBackend(b, 'TRUNCATE mysql.general_log')));
      // What reading the counters itself adds (its rows sent and status-table reads), taken off below.
      const idle = await Promise.all(cluster.backends.map(counters));
      const before = await Promise.all(cluster.backends.map(counters));
      recorder.statements = [];
      const t0 = Date.now();
      await run();
      const ms = Date.now() - t0;
      const after = await Promise.all(cluster.backends.map(counters));
      console.log(`\n## ${name} (${ms} ms)\n`);
      console.log(`head statements (${recorder.statements.length}):`);
      for (const sql of recorder.statements) console.log(`  ${sql.slice(0, 600)}`);
      for (const [i, backend] of cluster.backends.entries()) {
        const delta = Object.fromEntries(
          COUNTERS.map((c) => [c, after[i][c] - before[i][c] - (before[i][c] - idle[i][c])]),
        );
        const read = COUNTERS.filter((c) => c.startsWith('Handler_read')).reduce(
          (sum, c) => sum + delta[c],
          0,
        );
        const log = await onBackend<{ sql: string }>(
          backend,
          'SELECT CONVERT(argument USING utf8mb4) AS `sql` FROM mysql.general_log ' +
            "WHERE command_type = 'Query' AND user_host LIKE 'spider_link%' AND argument NOT LIKE 'set session%' " +
            "AND argument NOT IN ('commit', 'SET NAMES utf8mb4', 'start transaction')",
        );
        console.log(
          `backend ${i} (port ${backend.port}): Com_select ${delta.Com_select}, rows read by handler ${read}, ` +
            `rows sent ${delta.Rows_sent}; ${JSON.stringify(delta)}`,
        );
        for (const { sql } of log) console.log(`    ${sql.slice(0, 400)}`);
      }
    }

    console.log('\n## EXPLAIN on the head\n');
    const plans: [string, Seq][] = [
      ['first page', pubs().take(20)],
      [`offset page`, pubs().skip(DEPTH).take(20)],
    ];
    for (const [name, seq] of plans) {
      for (const plan of await seq.explain()) {
        console.log(`${name}: ${plan.sql.slice(0, 300)}`);
        console.log(JSON.stringify(plan.plan, null, 1));
      }
    }
    const [keyset] = await source.query(
      `EXPLAIN SELECT id FROM book WHERE \`release\` < '2020-01-01' ORDER BY \`release\` DESC, id DESC LIMIT 20`,
    );
    console.log(`single Spider table keyset seek: ${JSON.stringify(keyset)}`);
    const [count] = await source.query('EXPLAIN SELECT COUNT(*) FROM book');
    console.log(`single Spider table COUNT(*): ${JSON.stringify(count)}`);
  } finally {
    if (source?.isInitialized) await source.destroy();
    await cluster?.stop();
    releaseRunLock();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
