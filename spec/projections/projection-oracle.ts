import type { SelectQueryBuilder } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { label } from '../support/seed';
import type { TestDatabase } from '../support/test-database';

/** Book (#0), Article (#1), BlogPost (#2), every builder aliased `item`. */
export const pubs = (db: TestDatabase): SequenceQueryBuilder<any> =>
  sequenceOf(db.dataSource, 'publications');

export const labels = (entities: readonly object[]): string[] => entities.map(label);

export const tail = (order: 'ASC' | 'DESC'): string => `idx ${order}, ipk ${order}, spk ${order}`;

const ENTITIES = { Book, Article, BlogPost } as const;

/**
 * The same entity loaded by TypeORM alone: `configure` gets a builder aliased `item` and adds the joins or
 * selection to compare with. The oracle for what a returned entity must look like.
 */
export async function loadedByTypeorm(
  db: TestDatabase,
  entity: object,
  configure: (qb: SelectQueryBuilder<any>) => SelectQueryBuilder<any> = (qb) => qb,
): Promise<object | null> {
  const target = ENTITIES[entity.constructor.name as keyof typeof ENTITIES];
  const qb = configure(db.dataSource.getRepository(target).createQueryBuilder('item'));
  return qb.andWhere('item.id = :oracleId', { oracleId: (entity as any).id }).getOne();
}

/** Sorts to-many arrays by name so that two loads compare equal whatever order the database gave them in. */
export function normalized(entity: object | null): unknown {
  return JSON.parse(JSON.stringify(entity), (_key, value) =>
    Array.isArray(value) ? [...value].sort((a, b) => String(a?.name).localeCompare(String(b?.name))) : value,
  );
}

const TABLES = [
  { index: 0, entity: 'Book', table: 'book', intKey: true },
  { index: 1, entity: 'Article', table: 'article', intKey: true },
  { index: 2, entity: 'BlogPost', table: 'blog_post', intKey: false },
] as const;

/**
 * A hand-written UNION ALL of the three tables, each LEFT JOINed to its author: columns idx, ipk, spk,
 * title, pages, author_name. Returns the rows in the order the database gives.
 */
export async function joinedRows(
  db: TestDatabase,
  orderBy: string,
  where?: string,
): Promise<{ label: string; title: string; pages: number; authorName: string | null }[]> {
  const q = (n: string) => db.q(n);
  const postgres = db.dialect === 'postgres';
  const branches = TABLES.map(
    (t) =>
      `SELECT ${t.index} AS idx, ${t.intKey ? 't.id' : postgres ? 'CAST(NULL AS integer)' : 'NULL'} AS ipk, ` +
      `${t.intKey ? (postgres ? 'CAST(NULL AS varchar)' : 'NULL') : 't.id'} AS spk, t.title AS title, ` +
      `t.pages AS pages, a.name AS author_name FROM ${q(t.table)} t ` +
      `LEFT JOIN ${q('author')} a ON a.id = t.${q('authorId')}` +
      (where ? ` WHERE ${where}` : ''),
  );
  const rows = await db.query(`SELECT * FROM (${branches.join(' UNION ALL ')}) u ORDER BY ${orderBy}`);
  return rows.map((r) => ({
    label: `${TABLES[Number(r.idx)].entity}:${r.ipk ?? r.spk}`,
    title: r.title,
    pages: Number(r.pages),
    authorName: r.author_name,
  }));
}
