import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';

/*
 * MariaDB's Spider storage engine on this machine: two throwaway backend `mariadbd` servers (data under a
 * temp dir, free 127.0.0.1 ports, no configuration files read), and on the head server (the MariaDB the
 * specs use) a database of Spider tables, each partitioned over both backends. stop() kills the backends,
 * removes their data and drops the head's Spider database; a backend also dies with this process
 * (setpriv --pdeathsig), so a killed test run leaves no server behind.
 */

const run = promisify(execFile);

const BINARIES = ['mariadb-install-db', 'mariadbd'];
const SEARCH_PATH = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/usr/local/bin']);

function which(binary: string): string | undefined {
  return SEARCH_PATH.map((dir) => join(dir, binary)).find((path) => existsSync(path));
}

const isRoot = () => process.getuid?.() === 0;

/** A Spider table: one backend table per backend and, on the head, a Spider table over them. */
export interface SpiderTable {
  name: string;
  /** Column and key definitions, the same on the backends (InnoDB) and on the head (Spider). */
  columns: string;
  /** Partitioning: `HASH (id)` for an integer key, `KEY (id)` for a string key. */
  partitionBy: string;
  /** Extra definitions only on the backends (CHECK constraints, which the backends enforce). */
  backendOnly?: string;
}

/** Where the head server is: the MariaDB of the specs (MYSQL_* environment variables). */
export interface HeadServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * Why Spider cannot run here, checked without a server (so a spec can decide before it registers its
 * tests): the MariaDB binaries, Debian's `mariadb-plugin-spider` plugin file, and a head server on this
 * machine (the Spider tables reach the backends on 127.0.0.1). Null when it can.
 */
export function spiderUnavailable(headHost: string): string | null {
  if (headHost !== '127.0.0.1' && headHost !== 'localhost') {
    return `the MariaDB server ${headHost} is not on this machine, so it cannot reach backends on 127.0.0.1`;
  }
  const missing = BINARIES.filter((name) => !which(name));
  if (missing.length > 0) return `no ${missing.join(', ')} on PATH or in /usr/sbin (install mariadb-server)`;
  const help = spawnSync(which('mariadbd')!, ['--no-defaults', '--verbose', '--help'], { encoding: 'utf8' });
  const pluginDir = /^plugin-dir\s+(\S+)/m.exec(help.stdout ?? '')?.[1] ?? '/usr/lib/mysql/plugin/';
  if (!existsSync(join(pluginDir, 'ha_spider.so'))) {
    return `no ha_spider.so in ${pluginDir}: install the Debian package mariadb-plugin-spider`;
  }
  return null;
}

async function hasSpider(connection: Connection): Promise<boolean> {
  const [rows] = (await connection.query(
    "SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'SPIDER'",
  )) as any;
  return rows.length > 0 && rows[0].SUPPORT !== 'NO';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every server started by this process, killed when it exits whichever way. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One backend `mariadbd` on its own port, data dir and socket. */
export class Backend {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get log(): string {
    return `${this.dataDir}.err`;
  }

  /** Root on the backend (no password, loopback only). */
  connect(): Promise<Connection> {
    return createConnection({ host: '127.0.0.1', port: this.port, user: 'root', multipleStatements: true });
  }

  async start(): Promise<void> {
    const args = [
      '--no-defaults',
      `--datadir=${this.dataDir}`,
      `--port=${this.port}`,
      `--socket=${this.dataDir}.sock`,
      `--pid-file=${this.dataDir}.pid`,
      `--log-error=${this.log}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      '--innodb-buffer-pool-size=16M',
      '--innodb-flush-log-at-trx-commit=0',
      '--skip-log-bin',
      '--max-connections=60',
      ...(isRoot() ? ['--user=root'] : []),
    ];
    const mariadbd = which('mariadbd')!;
    // The server dies with this process (PR_SET_PDEATHSIG) when setpriv is there.
    const setpriv = which('setpriv');
    const [file, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', mariadbd, ...args]] : [mariadbd, args];
    const child = spawn(file, argv, { stdio: 'ignore' });
    this.child = child;
    running.add(child);
    let dead = false;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        dead = true;
        running.delete(child);
        resolve();
      });
      child.once('error', () => {
        dead = true;
        running.delete(child);
        resolve();
      });
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (dead) throw new Error(`mariadbd on port ${this.port} exited: ${this.logTail()}`);
      try {
        const connection = await this.connect();
        await connection.end();
        return;
      } catch (error: any) {
        if (Date.now() > deadline) {
          throw new Error(
            `mariadbd on port ${this.port} not ready in 30 s (${error.message}): ${this.logTail()}`,
          );
        }
        await sleep(50);
      }
    }
  }

  private logTail(): string {
    try {
      return readFileSync(this.log, 'utf8').trim().split('\n').slice(-5).join(' | ');
    } catch {
      return '(no log)';
    }
  }

  /** Kills the server (its data is thrown away) and waits until it is gone. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }
}

export interface SpiderClusterOptions {
  head: HeadServer;
  /** The head's database of Spider tables (dropped and created here, dropped by stop()). */
  headDatabase: string;
  tables: SpiderTable[];
}

const DIR_PREFIX = 'seq-spider-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Data dirs left by a run that was killed (its backends died with it): older than ten minutes, and no
 * server of theirs alive. A younger dir may belong to a cluster another run is starting.
 */
function removeStaleDirs(): void {
  const root = tmpdir();
  for (const name of readdirSync(root).filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = join(root, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pids = readdirSync(dir)
        .filter((file) => file.endsWith('.pid'))
        .map((file) => Number(readFileSync(join(dir, file), 'utf8')));
      if (pids.some((pid) => Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

/** The backends' database and the user the head's Spider tables log in as. */
const SHARD_DATABASE = 'shard';
const LINK_USER = 'spider_link';
const LINK_PASSWORD = 'spider-link-pw';

export class SpiderCluster {
  readonly backends: Backend[] = [];
  private headCreated = false;

  private constructor(
    readonly dir: string,
    readonly options: SpiderClusterOptions,
  ) {}

  /** The backends' database name. */
  get shardDatabase(): string {
    return SHARD_DATABASE;
  }

  /**
   * Starts two backends, creates the tables on them and the Spider tables on the head; on failure stops
   * whatever it started.
   */
  static async start(options: SpiderClusterOptions): Promise<SpiderCluster> {
    removeStaleDirs();
    const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
    const cluster = new SpiderCluster(dir, options);
    try {
      await cluster.boot();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async boot(): Promise<void> {
    // One initialised data dir, copied for the second backend (faster than installing twice).
    const first = join(this.dir, 'b0');
    try {
      await run(
        which('mariadb-install-db')!,
        [
          '--no-defaults',
          `--datadir=${first}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          '--skip-name-resolve',
          ...(isRoot() ? ['--user=root'] : []),
        ],
        { timeout: 60_000 },
      );
    } catch (error: any) {
      throw new Error(`mariadb-install-db failed: ${error.stderr || error.message}`);
    }
    cpSync(first, join(this.dir, 'b1'), { recursive: true });
    await Promise.all(
      ['b0', 'b1'].map(async (name) => {
        // A port taken between the check and the start makes mariadbd exit: try another.
        for (let attempt = 1; ; attempt++) {
          const backend = new Backend(join(this.dir, name), await freePort());
          this.backends.push(backend);
          try {
            await backend.start();
            return;
          } catch (error) {
            await backend.stop();
            this.backends.splice(this.backends.indexOf(backend), 1);
            if (attempt === 3) throw error;
          }
        }
      }),
    );
    this.backends.sort((a, b) => a.dataDir.localeCompare(b.dataDir));
    await Promise.all(this.backends.map((backend) => this.prepareBackend(backend)));
    await this.prepareHead();
  }

  private async prepareBackend(backend: Backend): Promise<void> {
    const connection = await backend.connect();
    try {
      // Anonymous users would shadow the link user (''@localhost matches before 'spider_link'@'%').
      const [anonymous] = (await connection.query(
        "SELECT User, Host FROM mysql.user WHERE User = ''",
      )) as any;
      for (const { Host } of anonymous) await connection.query('DROP USER ?@?', ['', Host]);
      await connection.query(
        `CREATE DATABASE ${SHARD_DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;` +
          `CREATE USER '${LINK_USER}'@'127.0.0.1' IDENTIFIED BY '${LINK_PASSWORD}';` +
          `GRANT ALL ON ${SHARD_DATABASE}.* TO '${LINK_USER}'@'127.0.0.1';`,
      );
      for (const table of this.options.tables) {
        const definitions = [table.columns, table.backendOnly].filter(Boolean).join(', ');
        await connection.query(
          `CREATE TABLE ${SHARD_DATABASE}.\`${table.name}\` (${definitions}) ENGINE=InnoDB ` +
            'DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
        );
      }
    } finally {
      await connection.end();
    }
  }

  /** The head: Spider loaded, then a database of Spider tables over the backends. */
  private async prepareHead(): Promise<void> {
    const { head, headDatabase, tables } = this.options;
    const connection = await createConnection({ ...head, multipleStatements: true });
    try {
      if (!(await hasSpider(connection))) {
        // Another test run may be installing it at the same moment: an error then is fine if it is there.
        await connection.query("INSTALL SONAME 'ha_spider'").catch(async (error) => {
          if (!(await hasSpider(connection))) throw error;
        });
      }
      await connection.query(`DROP DATABASE IF EXISTS \`${headDatabase}\``);
      await connection.query(
        `CREATE DATABASE \`${headDatabase}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
      );
      this.headCreated = true;
      const link =
        `wrapper "mysql", database "${SHARD_DATABASE}", user "${LINK_USER}", ` +
        `password "${LINK_PASSWORD}", host "127.0.0.1"`;
      for (const table of tables) {
        const partitions = this.backends
          .map((backend, i) => `PARTITION p${i} COMMENT = 'port "${backend.port}"'`)
          .join(', ');
        await connection.query(
          `CREATE TABLE \`${headDatabase}\`.\`${table.name}\` (${table.columns}) ENGINE=SPIDER ` +
            `DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ` +
            `COMMENT='${link}, table "${table.name}"' PARTITION BY ${table.partitionBy} (${partitions})`,
        );
      }
    } finally {
      await connection.end();
    }
  }

  /** Connection options of the head's Spider database (for a DataSource). */
  headOptions(): ConnectionOptions {
    return { ...this.options.head, database: this.options.headDatabase };
  }

  /** Drops the head's Spider database, kills both backends and removes their data. Never throws. */
  async stop(): Promise<void> {
    if (this.headCreated) {
      const connection = await createConnection(this.options.head).catch(() => undefined);
      await connection
        ?.query(`DROP DATABASE IF EXISTS \`${this.options.headDatabase}\``)
        .catch(() => undefined);
      await connection?.end().catch(() => undefined);
      this.headCreated = false;
    }
    await Promise.all(this.backends.splice(0).map((backend) => backend.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const COMMON = 'title VARCHAR(200) NOT NULL, `release` DATE NULL, pages INT NOT NULL DEFAULT 0';
const KEYS = 'KEY IDX_title (title), KEY IDX_release (`release`), KEY IDX_pages (pages)';
/**
 * Book's, Article's and BlogPost's tables: the columns TypeORM creates, plus an index per order key (an
 * InnoDB secondary index ends with the primary key, so `(title)` is `(title, id)` for a keyset seek).
 */
export const PUBLICATION_TABLES: SpiderTable[] = [
  {
    name: 'book',
    columns: `id INT NOT NULL, ${COMMON}, isbn VARCHAR(20) NULL, authorId INT NULL, PRIMARY KEY (id), ${KEYS}`,
    partitionBy: 'HASH (id)',
  },
  {
    name: 'article',
    columns: `id INT NOT NULL, ${COMMON}, medium VARCHAR(100) NOT NULL DEFAULT '', authorId INT NULL, PRIMARY KEY (id), ${KEYS}`,
    partitionBy: 'HASH (id)',
  },
  {
    name: 'blog_post',
    columns: `id VARCHAR(100) NOT NULL, ${COMMON}, likes INT NOT NULL DEFAULT 0, authorId INT NULL, PRIMARY KEY (id), ${KEYS}`,
    partitionBy: 'KEY (id)',
    backendOnly: 'CONSTRAINT CHK_blog_post_pages CHECK (pages >= 0)',
  },
];
/** Their columns, for copying rows. */
export const PUBLICATION_COLUMNS: Record<string, string> = {
  book: 'id, title, `release`, pages, isbn, authorId',
  article: 'id, title, `release`, pages, medium, authorId',
  blog_post: 'id, title, `release`, pages, likes, authorId',
};
