import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * A throwaway PostgreSQL primary with a streaming hot standby, on this machine: initdb, pg_basebackup -R,
 * pg_ctl, on free 127.0.0.1 ports, data under a temp dir, as the `postgres` user when run as root (initdb
 * refuses root). Tuned to start in seconds (no fsync, small buffers); stopped and removed by stop().
 */

const run = promisify(execFile);

/** PostgreSQL's binaries: PG_BIN_DIR, else PostgreSQL 15's Debian/Ubuntu location. */
export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

const BINARIES = ['initdb', 'pg_ctl', 'pg_basebackup'];

/** Why a cluster cannot be started here (a missing binary or user), or null when it can. */
export function clusterUnavailable(): string | null {
  const missing = BINARIES.filter((name) => !existsSync(join(PG_BIN_DIR, name)));
  if (missing.length > 0) return `no ${missing.join(', ')} in ${PG_BIN_DIR} (set PG_BIN_DIR)`;
  if (isRoot() && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) {
    return 'running as root without runuser (initdb refuses root)';
  }
  return null;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when this process is root. */
async function pg(binary: string, args: string[]): Promise<string> {
  const path = join(PG_BIN_DIR, binary);
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  try {
    const { stdout } = await run(file, argv, { timeout: 60_000 });
    return stdout;
  } catch (error: any) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

const SETTINGS = (port: number) =>
  [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = ''`,
    'shared_buffers = 16MB',
    'max_connections = 40',
    'fsync = off',
    'full_page_writes = off',
    'wal_level = replica',
    'max_wal_senders = 4',
    'hot_standby = on',
    'wal_receiver_status_interval = 1s',
    'max_standby_streaming_delay = -1',
  ].join('\n');

export class ReplicaCluster {
  private readonly started: string[] = [];

  private constructor(
    readonly dir: string,
    readonly primaryPort: number,
    readonly standbyPort: number,
  ) {}

  /** Starts a primary and a standby streaming from it; on failure stops whatever it started. */
  static async start(): Promise<ReplicaCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'seq-replica-'));
    if (isRoot()) {
      const { uid, gid } = await postgresIds();
      chownSync(dir, uid, gid);
    }
    const cluster = new ReplicaCluster(dir, await freePort(), await freePort());
    try {
      await cluster.boot();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async boot(): Promise<void> {
    const primary = join(this.dir, 'primary');
    const standby = join(this.dir, 'standby');
    await pg('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']);
    appendFileSync(join(primary, 'postgresql.conf'), `\n${SETTINGS(this.primaryPort)}\n`);
    appendFileSync(join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    await this.startServer(primary);
    await pg('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(this.primaryPort), '-U', 'postgres'],
      ...['-D', standby, '-R', '-X', 'stream', '-c', 'fast', '-N'],
    ]);
    appendFileSync(join(standby, 'postgresql.conf'), `\nport = ${this.standbyPort}\n`);
    await this.startServer(standby);
  }

  private async startServer(data: string): Promise<void> {
    this.started.push(data);
    await pg('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-t', '60', 'start']);
  }

  /** Stops both servers (immediately: the data is thrown away) and removes their directory. */
  async stop(): Promise<void> {
    for (const data of this.started.splice(0).reverse()) {
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all(['-u', '-g'].map((flag) => run('id', [flag, 'postgres'])));
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Anything that runs SQL (a DataSource). */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any[]>;
}

/**
 * Waits until the standby has replayed everything the primary wrote so far (the WAL inserted, not only
 * flushed: the WAL writer sends the rest within wal_writer_delay).
 */
export async function waitForReplay(
  primary: Queryable,
  standby: Queryable,
  timeoutMs = 20_000,
): Promise<void> {
  const [{ lsn }] = await primary.query('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ behind }] = await standby.query(
      'SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()) > 0 AS behind',
      [lsn],
    );
    if (!behind) return;
    if (Date.now() > deadline) throw new Error(`standby has not replayed up to ${lsn} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
