import { DataSource } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceError, sequenceOf } from '../../src';
import { availableDialects, connectionOptions } from '../support/dialects';
import { oracle } from '../support/oracle';
import { labels, tail } from '../support/order-terms';
import { seed } from '../support/seed';
import { TestDatabase } from '../support/test-database';

/*
 * A connection killed by the server while a sequence's statement runs on it: the terminal method rejects
 * with the driver's error (it neither hangs nor turns it into anything else), and the pool goes on
 * serving. The statements wait on a one-row table, `fault_switch`: 0 seconds normally, long enough to be
 * found and killed from another connection when switched on.
 */

const SKIPPED =
  'SQLite is embedded (better-sqlite3 in the same process): there is no server connection to kill and no pool';
const SLEEP_SECONDS = 8;

for (const dialect of availableDialects()) {
  if (dialect === 'sqlite') {
    describe('connection faults [sqlite]', () => {
      console.log(`connection-faults.spec.ts [sqlite] skipped: ${SKIPPED}.`);
      it.skip(`skipped on SQLite: ${SKIPPED}`, () => undefined);
    });
    continue;
  }
  const pg = dialect === 'postgres';

  describe(`connection faults [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    /** A separate connection that switches the wait on and kills the sequence's connection. */
    const admin = new DataSource({ ...connectionOptions(dialect) });
    let want: string[];

    /** Waits for the `fault_switch` seconds once per statement (each database's sleep function). */
    const WAIT = pg
      ? '(SELECT CAST(pg_sleep(s.secs) AS text) FROM fault_switch s) IS NOT NULL'
      : '(SELECT SLEEP(s.secs) FROM fault_switch s) = 0';
    const slowable = () =>
      sequenceOf(db.dataSource, [Book, Article, BlogPost]).andWhere(WAIT).orderBy('title');
    const wait = (seconds: number) => admin.query(`UPDATE fault_switch SET secs = ${seconds}`);

    /** The connections of the sequence's pool: all of them, and those idle in it. */
    function pool(): { total: number; idle: number } {
      const driver = db.dataSource.driver as any;
      return pg
        ? { total: driver.master.totalCount, idle: driver.master.idleCount }
        : { total: driver.pool._allConnections.length, idle: driver.pool._freeConnections.length };
    }
    async function expectAllIdle(): Promise<void> {
      for (let i = 0; i < 100 && pool().idle !== pool().total; i++) await sleep(20);
      expect(pool().idle).toBe(pool().total);
    }

    /**
     * Finds the statement waiting on `fault_switch` (another client's) and kills its connection. Returns
     * the pool's size then, less the connections killed: what the pool must come down to.
     */
    async function killWaitingStatement(): Promise<number> {
      const find = pg
        ? `SELECT pid AS id FROM pg_stat_activity WHERE datname = current_database() ` +
          `AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%fault_switch%'`
        : `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() ` +
          `AND ID <> CONNECTION_ID() AND INFO LIKE '%fault_switch%'`;
      for (let attempt = 0; attempt < 250; attempt++) {
        const rows: { id: number | string }[] = await admin.query(find);
        if (rows.length > 0) {
          const left = pool().total - rows.length;
          for (const { id } of rows) {
            await admin.query(pg ? 'SELECT pg_terminate_backend($1)' : `KILL ${Number(id)}`, pg ? [id] : []);
          }
          return left;
        }
        await sleep(20);
      }
      throw new Error('the sequence statement never showed up on the server');
    }

    /** The rejection of `work`; fails if it resolves, or hangs for longer than the wait would have lasted. */
    async function rejectionOf(work: Promise<unknown>): Promise<any> {
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('hung: no answer 6 s after the kill')), 6000);
      });
      try {
        await Promise.race([work, hung]);
      } catch (error) {
        return error;
      } finally {
        clearTimeout(timer);
      }
      throw new Error('resolved although its connection was killed');
    }

    /** The driver's own error for a connection the server killed. */
    function expectDriverError(error: any): void {
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(SequenceError);
      const message = String(error.driverError?.message ?? error.message);
      if (pg) {
        expect(message).toMatch(/terminating connection due to administrator command|Connection terminated/);
      } else {
        expect(message).toMatch(/Connection was killed|Connection lost|closed the connection/i);
      }
    }

    /**
     * The pool drops the killed connections and serves the next statement, with the right rows, keeping
     * no connection checked out. (TypeORM gives a connection whose statement failed back to the pool
     * without the error: on PostgreSQL the killed one sits idle there until its socket's close is read,
     * a few milliseconds, and a statement sent on it meanwhile fails too.)
     */
    async function expectPoolUsable(left: number): Promise<void> {
      for (let i = 0; i < 100 && pool().total > left; i++) await sleep(20);
      expect(pool().total).toBeLessThanOrEqual(left);
      await wait(0);
      expect(labels(await slowable().getMany())).toEqual(want);
      await expectAllIdle();
    }

    beforeAll(async () => {
      await db.open();
      await admin.initialize();
      await seed(db);
      await admin.query('DROP TABLE IF EXISTS fault_switch');
      await admin.query(`CREATE TABLE fault_switch (secs ${pg ? 'double precision' : 'double'})`);
      await admin.query('INSERT INTO fault_switch VALUES (0)');
      want = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
      expect(want.length).toBeGreaterThan(10);
    });
    afterAll(async () => {
      if (admin.isInitialized) {
        await admin.query('DROP TABLE IF EXISTS fault_switch');
        await admin.destroy();
      }
      await db.close();
    });
    afterEach(() => wait(0));

    it('the statements wait on the switch, and are found on the server while they do', async () => {
      expect(labels(await slowable().getMany())).toEqual(want);
      await wait(0.5);
      const started = Date.now();
      const page = slowable()
        .take(2)
        .getMany()
        .catch((e: Error) => e);
      const found = await killWaitingStatement().then(
        () => 'killed',
        (e: Error) => e.message,
      );
      expect(found).toBe('killed');
      expectDriverError(await page);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('getMany() whose connection is killed rejects with the driver error; the pool goes on', async () => {
      await wait(SLEEP_SECONDS);
      const rejection = rejectionOf(slowable().getMany());
      const left = await killWaitingStatement();
      expectDriverError(await rejection);
      await expectPoolUsable(left);
    });

    it('paginate() whose connection is killed rejects with the driver error; the pool goes on', async () => {
      const first = await slowable().paginate({ first: 3 });
      expect(labels(first.items)).toEqual(want.slice(0, 3));
      await wait(SLEEP_SECONDS);
      const rejection = rejectionOf(slowable().paginate({ first: 3, after: first.pageInfo.endCursor }));
      const left = await killWaitingStatement();
      expectDriverError(await rejection);
      await expectPoolUsable(left);
      const next = await slowable().paginate({ first: 3, after: first.pageInfo.endCursor });
      expect(labels(next.items)).toEqual(want.slice(3, 6));
    });

    it('a stream whose connection is killed between two batches rejects with the driver error', async () => {
      const stream = slowable().stream({ batchSize: 3 });
      const got: object[] = [];
      for (let i = 0; i < 3; i++) got.push((await stream.next()).value);
      expect(labels(got)).toEqual(want.slice(0, 3));
      await wait(SLEEP_SECONDS);
      const rejection = rejectionOf(stream.next()); // the second batch's statement
      const left = await killWaitingStatement();
      expectDriverError(await rejection);
      expect(await stream.next()).toEqual({ done: true, value: undefined });
      await expectPoolUsable(left);
    });

    it('a consumer that breaks out of a stream early leaves every connection idle', async () => {
      await expectAllIdle();
      const read: object[] = [];
      for await (const item of slowable().stream({ batchSize: 2 })) {
        read.push(item);
        if (read.length === 5) break;
      }
      expect(labels(read)).toEqual(want.slice(0, 5));
      await expectAllIdle();
      // returning while a batch is being read: the batch finishes, its connection goes back
      await wait(0.3);
      const stream = slowable().stream({ batchSize: 2 });
      const pending = [stream.next(), stream.return!(undefined)];
      await sleep(100);
      expect(pool().idle).toBeLessThan(pool().total); // the batch holds one meanwhile
      const [first, returned] = await Promise.all(pending);
      expect(labels([first.value])).toEqual(want.slice(0, 1));
      expect(returned).toEqual({ done: true, value: undefined });
      await expectAllIdle();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
