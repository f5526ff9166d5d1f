import type { DataSource, QueryRunner } from 'typeorm';
import { UnsupportedOperationError } from '../errors';
import type { Dialect } from './dialect';

/** A row of a cursor: its values in the order of {@link RowCursor.columns}. */
export type CursorRow = unknown[];

/**
 * Rows of one statement read through the driver's own cursor, a few at a time, as arrays of values (the
 * drivers build no object with the column names per row).
 */
export interface RowCursor {
  /** `count` more rows; fewer only at the end (an empty array after it). One read at a time. */
  read(count: number): Promise<CursorRow[]>;
  /** The result's column names, in the order of a row's values: known once a read gave rows. */
  columns(): readonly string[];
  /**
   * Stops reading (the rest of the result is dropped) and leaves the connection ready for its next
   * statement, or destroyed when `disposable` and that is the only way to stop the result.
   */
  close(): Promise<void>;
}

export interface CursorOptions {
  /** Rows the driver may buffer ahead of `read()` (the stream's batch size). */
  readonly ahead: number;
  /**
   * The connection belongs to this stream alone (not a caller's transaction): it may be closed to stop a
   * result the driver cannot cancel, and the pool opens a new one.
   */
  readonly disposable: boolean;
}

/**
 * Whether the connection of an open cursor can run other statements before the cursor ends. PostgreSQL's
 * and MySQL's protocols queue them behind the open result; better-sqlite3 runs reads between the rows of an
 * open `iterate()` (writes throw "This database connection is busy executing a query").
 */
export const READS_BESIDE_CURSOR: Readonly<Record<Dialect, boolean>> = Object.freeze({
  postgres: false,
  mysql: false,
  sqlite: true,
});

/** Opens a cursor over `sql` on the runner's connection: pg-cursor, mysql2's row stream, or better-sqlite3's iterate(). */
export async function openRowCursor(
  dataSource: DataSource,
  dialect: Dialect,
  runner: QueryRunner,
  sql: string,
  parameters: readonly unknown[],
  options: CursorOptions,
): Promise<RowCursor> {
  if (dialect === 'sqlite' && dataSource.options.type !== 'better-sqlite3') {
    throw new UnsupportedOperationError(
      `stream({ mode: 'cursor' }) on SQLite needs the better-sqlite3 driver (statement.iterate()), not ` +
        `'${dataSource.options.type}': stream this DataSource with the default mode 'keyset'.`,
    );
  }
  const connection = await runner.connect();
  dataSource.logger.logQuery(sql, [...parameters], runner);
  return OPEN[dialect](connection, sql, parameters, options);
}

type Open = (
  connection: any,
  sql: string,
  parameters: readonly unknown[],
  options: CursorOptions,
) => RowCursor | Promise<RowCursor>;

const OPEN: Readonly<Record<Dialect, Open>> = {
  postgres: openPostgresCursor,
  mysql: openMysqlCursor,
  sqlite: openSqliteCursor,
};

/** pg-cursor, loaded when first used: an optional peer dependency, like `pg` itself. */
function pgCursorClass(): new (sql: string, values: unknown[], config?: { rowMode?: 'array' }) => any {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('pg-cursor');
  } catch {
    throw new UnsupportedOperationError(
      "stream({ mode: 'cursor' }) on PostgreSQL reads through the pg-cursor package, which is not installed: " +
        "run `npm install pg-cursor`, or stream with the default mode 'keyset'.",
    );
  }
}

/** A named portal: the server keeps the result and sends `count` rows per Execute, each row an array. */
function openPostgresCursor(client: any, sql: string, parameters: readonly unknown[]): RowCursor {
  const Cursor = pgCursorClass();
  const cursor = client.query(new Cursor(sql, [...parameters], { rowMode: 'array' }));
  let done = false;
  let names: string[] = [];
  return {
    read(count) {
      if (done) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        cursor.read(count, (error: unknown, rows: CursorRow[], result?: { fields: { name: string }[] }) => {
          if (error) return reject(error);
          if (rows.length === 0) done = true;
          else if (names.length === 0 && result) names = result.fields.map((field) => field.name);
          resolve(rows);
        });
      });
    },
    columns: () => names,
    async close() {
      // Closes the portal and ends its implicit transaction (a no-op once the result ended or failed).
      await cursor.close();
    },
  };
}

/**
 * mysql2's rows as the driver parses them ('result' events), the socket paused while `ahead` rows wait
 * unread (as its row stream does, without a promise per row). MySQL has no way to drop the rest of a
 * result but to read it, so an early close destroys a connection of the stream's own (the pool replaces
 * it) and reads the rest on a caller's.
 */
function openMysqlCursor(
  connection: any,
  sql: string,
  parameters: readonly unknown[],
  options: CursorOptions,
): RowCursor {
  let rows: CursorRow[] = [];
  let names: string[] = [];
  let ended = false;
  let dropping = false;
  let failure: unknown;
  let paused = false;
  let wake: (() => void) | undefined;
  /** The rows the pending read waits for. */
  let wanted = Infinity;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const query = connection.query({ sql, values: [...parameters], rowsAsArray: true });
  query.on('fields', (fields: { name: string }[]) => {
    names = fields.map((field) => field.name);
  });
  query.on('result', (row: CursorRow) => {
    if (dropping) return;
    rows.push(row);
    if (rows.length >= options.ahead && !paused) {
      paused = true;
      connection.pause();
    }
    if (rows.length >= wanted) notify();
  });
  query.on('error', (error: unknown) => {
    failure = error;
    ended = true;
    notify();
  });
  query.on('end', () => {
    ended = true;
    notify();
  });
  const resume = () => {
    if (!paused) return;
    paused = false;
    connection.resume();
  };
  return {
    async read(count) {
      wanted = count;
      while (rows.length < count && !ended) {
        // mysql2 hands the packets it held back to 'result' inside resume(), before this waits.
        resume();
        if (rows.length >= count || ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure) throw failure;
      const batch = rows.length <= count ? rows : rows.slice(0, count);
      rows = rows.length <= count ? [] : rows.slice(count);
      return batch;
    },
    columns: () => names,
    async close() {
      rows = [];
      if (ended) return;
      if (options.disposable) {
        connection.destroy();
        return;
      }
      dropping = true;
      const finished = new Promise<void>((resolve) => {
        query.once('end', resolve);
        query.once('error', resolve);
      });
      resume();
      await finished;
    },
  };
}

/**
 * better-sqlite3's iterate() over a statement prepared for this cursor alone (TypeORM's statement cache
 * may hand its own to a concurrent query of the same SQL).
 */
function openSqliteCursor(database: any, sql: string, parameters: readonly unknown[]): RowCursor {
  const statement = database.prepare(sql).raw(true);
  const names: string[] = statement.columns().map((column: { name: string }) => column.name);
  const rows: IterableIterator<CursorRow> = statement.iterate(
    ...parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)),
  );
  let done = false;
  return {
    async read(count) {
      const batch: CursorRow[] = [];
      while (!done && batch.length < count) {
        const next = rows.next();
        if (next.done) done = true;
        else batch.push(next.value);
      }
      return batch;
    },
    columns: () => names,
    async close() {
      if (!done) rows.return?.();
      done = true;
    },
  };
}
