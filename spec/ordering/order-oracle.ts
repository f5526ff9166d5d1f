import type { TestDatabase } from '../support/test-database';

export { labels, nullsTerm, tail } from '../support/order-terms';

const TABLES = [
  { index: 0, entity: 'Book', table: 'book', intKey: true },
  { index: 1, entity: 'Article', table: 'article', intKey: true },
  { index: 2, entity: 'BlogPost', table: 'blog_post', intKey: false },
] as const;

/**
 * Like the shared oracle, but every branch LEFT JOINs its author and the author's publisher, whose
 * names are the union's `author_name` and `publisher_name` columns.
 */
export async function authorOracle(db: TestDatabase, orderBy: string): Promise<string[]> {
  const q = (n: string) => db.q(n);
  const postgres = db.dialect === 'postgres';
  const nullInt = postgres ? 'CAST(NULL AS integer)' : 'NULL';
  const nullText = postgres ? 'CAST(NULL AS varchar)' : 'NULL';
  const branches = TABLES.map(
    (t) =>
      `SELECT ${t.index} AS idx, ${t.intKey ? 't.id' : nullInt} AS ipk, ${t.intKey ? nullText : 't.id'} AS spk, ` +
      `a.name AS author_name, p.name AS publisher_name FROM ${q(t.table)} t ` +
      `LEFT JOIN ${q('author')} a ON a.id = t.${q('authorId')} ` +
      `LEFT JOIN ${q('publisher')} p ON p.id = a.${q('publisherId')}`,
  );
  const rows = await db.query(
    `SELECT idx, ipk, spk FROM (${branches.join(' UNION ALL ')}) u ORDER BY ${orderBy}`,
  );
  return rows.map((r) => `${TABLES[Number(r.idx)].entity}:${r.ipk ?? r.spk}`);
}

/** Ids of one table in the order the database gives for a hand-written ORDER BY. */
export async function tableOrder(
  db: TestDatabase,
  entity: 'Book' | 'Article' | 'BlogPost',
  orderBy: string,
): Promise<string[]> {
  const t = TABLES.find((x) => x.entity === entity)!;
  const rows = await db.query(`SELECT t.id AS id FROM ${db.q(t.table)} t ORDER BY ${orderBy}`);
  return rows.map((r) => `${entity}:${r.id}`);
}
