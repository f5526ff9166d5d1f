import type { DataSource } from 'typeorm';
import type { DialectName } from '../spec/support/dialects';
import { TABLES } from './config';

/*
 * What the sequence is measured against: hand-written SQL on the raw driver (the floor) and the ways
 * an application does it without the library (load everything; fetch each entity's first skip+take
 * rows and merge them in JavaScript).
 */

export type Direction = 'ASC' | 'DESC';

/** A row as the raw queries return it: `k` is the sequence index (# of the table), `nid`/`sid` the key. */
export interface RawRow {
  k: number | string;
  nid: number | string | null;
  sid: string | null;
}

export function rawLabel(row: RawRow): string {
  return `${TABLES[Number(row.k)].label}:${row.sid ?? Number(row.nid)}`;
}

export function entityLabel(entity: object, index: number): string {
  return `${TABLES[index].label}:${(entity as { id: unknown }).id}`;
}

export class RawQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dialect: DialectName,
  ) {}

  private q(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  /** One table's branch: its `#`, its key in the integer or the string column, and the common columns. */
  private branch(index: number, extraColumns = ''): string {
    const t = TABLES[index];
    const q = (n: string) => this.q(n);
    const nullInt = this.dialect === 'mysql' ? 'NULL' : 'CAST(NULL AS INTEGER)';
    const nullStr = this.dialect === 'postgres' ? 'CAST(NULL AS VARCHAR)' : 'NULL';
    const id = `${q('x')}.${q('id')}`;
    return (
      `SELECT ${index} AS ${q('k')}, ${t.stringId ? nullInt : id} AS ${q('nid')}, ` +
      `${t.stringId ? id : nullStr} AS ${q('sid')}, ${q('x')}.${q('title')}, ${q('x')}.${q('release')}, ` +
      `${q('x')}.${q('pages')}${extraColumns} FROM ${q(t.table)} ${q('x')}`
    );
  }

  private outerOrder(key: string, dir: Direction): string {
    const q = (n: string) => this.q(n);
    return `${q('u')}.${q(key)} ${dir}, ${q('u')}.${q('k')} ${dir}, ${q('u')}.${q('nid')} ${dir}, ${q('u')}.${q('sid')} ${dir}`;
  }

  private limit(skip: number, take: number): string {
    return ` LIMIT ${take}${skip ? ` OFFSET ${skip}` : ''}`;
  }

  /** `SELECT … UNION ALL … ORDER BY key, #, id LIMIT take OFFSET skip`: the database sorts the union. */
  page(key: string, dir: Direction, skip: number, take: number): Promise<RawRow[]> {
    const union = TABLES.map((_, i) => this.branch(i)).join(' UNION ALL ');
    return this.dataSource.query(
      `SELECT * FROM (${union}) ${this.q('u')} ORDER BY ${this.outerOrder(key, dir)}${this.limit(skip, take)}`,
    );
  }

  /** The same page with `ORDER BY key, id LIMIT skip+take` inside each branch, so an index can serve it. */
  pagePushed(key: string, dir: Direction, skip: number, take: number): Promise<RawRow[]> {
    const q = (n: string) => this.q(n);
    const union = TABLES.map(
      (_, i) =>
        `SELECT * FROM (${this.branch(i)} ORDER BY ${q('x')}.${q(key)} ${dir}, ${q('x')}.${q('id')} ${dir} ` +
        `LIMIT ${skip + take}) ${q(`b${i}`)}`,
    ).join(' UNION ALL ');
    return this.dataSource.query(
      `SELECT * FROM (${union}) ${q('u')} ORDER BY ${this.outerOrder(key, dir)}${this.limit(skip, take)}`,
    );
  }

  /** The first row: each table's head (LIMIT 1) in one UNION ALL, the heads compared, the winner returned. */
  async head(key: string, dir: Direction): Promise<RawRow | undefined> {
    return (await this.pagePushed(key, dir, 0, 1))[0];
  }

  /**
   * Every row in the sequence's `release DESC` order (then `#`, then the key, descending; NULLs where the
   * database puts them), in keyset batches of `batch` rows written by hand: each batch one UNION ALL of
   * the tables' next `batch` rows after the last row's position, the NULL and non-NULL releases as two
   * phases. The floor for stream(): the same statements any keyset export needs, rows not hydrated.
   */
  async *keysetBatches(batch: number): AsyncGenerator<RawRow> {
    const nullsFirst = this.dialect === 'postgres';
    for (const phase of nullsFirst ? ['null', 'value'] : ['value', 'null']) {
      let after: { release: unknown; k: number; id: unknown } | undefined;
      for (;;) {
        const rows: (RawRow & { rt: unknown })[] = await this.keysetBatch(phase === 'null', batch, after);
        yield* rows;
        if (rows.length < batch) break;
        const last = rows[rows.length - 1];
        after = { release: last.rt, k: Number(last.k), id: last.sid ?? last.nid };
      }
    }
  }

  private keysetBatch(
    nulls: boolean,
    batch: number,
    after?: { release: unknown; k: number; id: unknown },
  ): Promise<(RawRow & { rt: unknown })[]> {
    const q = (n: string) => this.q(n);
    const x = (n: string) => `${q('x')}.${q(n)}`;
    const parameters: unknown[] = [];
    const p = (value: unknown) => {
      parameters.push(value);
      return this.dialect === 'postgres' ? `$${parameters.length}` : '?';
    };
    const date = (v: string) => (this.dialect === 'postgres' ? `CAST(${v} AS DATE)` : v);
    const text = this.dialect === 'postgres' ? 'VARCHAR' : 'CHAR';
    const branches = TABLES.flatMap((_, i) => {
      const conditions = [nulls ? `${x('release')} IS NULL` : `${x('release')} IS NOT NULL`];
      if (after && nulls) {
        // after the last row among the NULLs: earlier tables (# descending), or this table's smaller keys
        if (i > after.k) return [];
        if (i === after.k) conditions.push(`${x('id')} < ${p(after.id)}`);
      } else if (after) {
        // an index-friendly bound, then: an earlier release, or the same one in an earlier table / key
        conditions.push(`${x('release')} <= ${date(p(after.release))}`);
        if (i > after.k) conditions.push(`${x('release')} < ${date(p(after.release))}`);
        if (i === after.k)
          conditions.push(`(${x('release')} < ${date(p(after.release))} OR ${x('id')} < ${p(after.id)})`);
      }
      const releaseText = this.dialect === 'sqlite' ? x('release') : `CAST(${x('release')} AS ${text})`;
      const order = nulls ? `${x('id')} DESC` : `${x('release')} DESC, ${x('id')} DESC`;
      const sql =
        `${this.branch(i, `, ${x('authorId')}, ${releaseText} AS ${q('rt')}`)} WHERE ${conditions.join(' AND ')} ` +
        `ORDER BY ${order} LIMIT ${batch}`;
      return [this.dialect === 'sqlite' ? `SELECT * FROM (${sql}) ${q(`b${i}`)}` : `(${sql})`];
    });
    if (branches.length === 0) return Promise.resolve([]);
    const order = `${q('release')} DESC, ${q('k')} DESC, ${q('nid')} DESC, ${q('sid')} DESC`;
    // PostgreSQL and MariaDB take a parenthesized SELECT as a union's member, not alone
    const union =
      branches.length > 1 || this.dialect === 'sqlite'
        ? branches.join(' UNION ALL ')
        : `SELECT * FROM ${branches[0]} ${q('u')}`;
    return this.dataSource.query(`${union} ORDER BY ${order} LIMIT ${batch}`, parameters);
  }

  /** `SELECT COUNT(*)` on each table. */
  async counts(): Promise<number> {
    const q = (n: string) => this.q(n);
    const counts = await Promise.all(
      TABLES.map(
        async (t) => (await this.dataSource.query(`SELECT COUNT(*) AS ${q('n')} FROM ${q(t.table)}`))[0].n,
      ),
    );
    return counts.reduce((sum: number, n) => sum + Number(n), 0);
  }
}

interface Tagged {
  entity: { id: number | string; release: string | null };
  index: number;
}

/**
 * The total order the sequence gives for `release DESC`: release (NULLs where the database puts them:
 * first on PostgreSQL, last on SQLite and MariaDB), then `#`, then the primary key, all descending.
 */
function releaseDescending(dialect: DialectName): (a: Tagged, b: Tagged) => number {
  const nullsFirst = dialect === 'postgres';
  return (a, b) => {
    const x = a.entity.release;
    const y = b.entity.release;
    if (x !== y) {
      if (x === null) return nullsFirst ? -1 : 1;
      if (y === null) return nullsFirst ? 1 : -1;
      return x < y ? 1 : -1;
    }
    if (a.index !== b.index) return b.index - a.index;
    const p = a.entity.id;
    const r = b.entity.id;
    return p === r ? 0 : p < r ? 1 : -1;
  };
}

/** Without the library, naively: every row of every table loaded with getMany(), sorted in JS, sliced. */
export async function naivePage(
  dataSource: DataSource,
  dialect: DialectName,
  skip: number,
  take: number,
): Promise<Tagged[]> {
  const lists = await Promise.all(
    TABLES.map((t) => dataSource.getRepository(t.entity).createQueryBuilder('x').getMany()),
  );
  const all: Tagged[] = lists.flatMap((list, index) => list.map((entity) => ({ entity, index }) as Tagged));
  return all.sort(releaseDescending(dialect)).slice(skip, skip + take);
}

/** Without the library, better: each table's first skip+take rows in order, merged in JS (k-way), sliced. */
export async function mergePage(
  dataSource: DataSource,
  dialect: DialectName,
  skip: number,
  take: number,
): Promise<Tagged[]> {
  const lists = await Promise.all(
    TABLES.map((t) =>
      dataSource
        .getRepository(t.entity)
        .createQueryBuilder('x')
        .orderBy('x.release', 'DESC')
        .addOrderBy('x.id', 'DESC')
        .take(skip + take)
        .getMany(),
    ),
  );
  const compare = releaseDescending(dialect);
  const at = lists.map(() => 0);
  const out: Tagged[] = [];
  while (out.length < skip + take) {
    let best: Tagged | undefined;
    let from = -1;
    lists.forEach((list, index) => {
      if (at[index] >= list.length) return;
      const candidate = { entity: list[at[index]], index } as Tagged;
      if (!best || compare(candidate, best) < 0) {
        best = candidate;
        from = index;
      }
    });
    if (!best) break;
    at[from]++;
    out.push(best);
  }
  return out.slice(skip);
}

export function taggedLabel(row: Tagged): string {
  return entityLabel(row.entity, row.index);
}

/** All rows of the three tables with TypeORM getMany() (the "load everything" baseline for stream()). */
export function loadEverything(dataSource: DataSource): Promise<unknown[][]> {
  return Promise.all(TABLES.map((t) => dataSource.getRepository(t.entity).createQueryBuilder('x').getMany()));
}
