import type { TestDatabase } from './test-database';

const TABLES = [
  { index: 0, entity: 'Book', table: 'book', intKey: true },
  { index: 1, entity: 'Article', table: 'article', intKey: true },
  { index: 2, entity: 'BlogPost', table: 'blog_post', intKey: false },
] as const;

export interface OracleQuery {
  /** Per-table SQL condition over the table alias `t` (same text for all tables unless a function). */
  where?: string | ((table: string) => string | undefined);
  /** Which tables take part (by `#`); default all three. */
  tables?: number[];
  /** ORDER BY over the union's columns: idx, ipk, spk, title, release, pages, author_id. */
  orderBy: string;
  limit?: number;
  offset?: number;
  /**
   * Rows numbered per table by `orderBy` (ROW_NUMBER() OVER (PARTITION BY idx ...)): `each` keeps the first
   * `each` of every table, `interleave` orders by that number first.
   */
  rank?: { each?: number; interleave?: boolean };
}

/**
 * The order the database itself gives for a hand-written UNION ALL of Book, Article and BlogPost —
 * the oracle the sequence is compared against. Returns labels like `'Book:3'`.
 */
export async function oracle(db: TestDatabase, query: OracleQuery): Promise<string[]> {
  const q = (n: string) => db.q(n);
  const postgres = db.dialect === 'postgres';
  const nullInt = postgres ? 'CAST(NULL AS integer)' : 'NULL';
  const nullText = postgres ? 'CAST(NULL AS varchar)' : 'NULL';
  const branches = TABLES.filter((t) => !query.tables || query.tables.includes(t.index)).map((t) => {
    const where = typeof query.where === 'function' ? query.where(t.table) : query.where;
    return (
      `SELECT ${t.index} AS idx, ${t.intKey ? `t.id` : nullInt} AS ipk, ${t.intKey ? nullText : 't.id'} AS spk, ` +
      `t.title AS title, t.${q('release')} AS ${q('release')}, t.pages AS pages, t.${q('authorId')} AS author_id ` +
      `FROM ${q(t.table)} t` +
      (where ? ` WHERE ${where}` : '')
    );
  });
  const union = `(${branches.join(' UNION ALL ')}) u`;
  const { rank } = query;
  let sql = rank
    ? `SELECT idx, ipk, spk FROM (SELECT u.*, ROW_NUMBER() OVER (PARTITION BY idx ORDER BY ${query.orderBy}) AS rk ` +
      `FROM ${union}) r WHERE rk <= ${rank.each ?? 1e9} ORDER BY ${rank.interleave ? 'rk, ' : ''}${query.orderBy}`
    : `SELECT idx, ipk, spk FROM ${union} ORDER BY ${query.orderBy}`;
  if (query.limit !== undefined) sql += ` LIMIT ${query.limit}`;
  if (query.offset !== undefined) sql += ` OFFSET ${query.offset}`;
  const rows = await db.query(sql);
  return rows.map((r) => `${TABLES[Number(r.idx)].entity}:${r.ipk ?? r.spk}`);
}
