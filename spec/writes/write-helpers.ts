import type { TestDatabase } from '../support/test-database';

const TABLES = [
  { entity: 'Book', table: 'book' },
  { entity: 'Article', table: 'article' },
  { entity: 'BlogPost', table: 'blog_post' },
] as const;

export interface RowState {
  title: string;
  pages: number;
  release: string | null;
  authorId: number | null;
}

/**
 * Every row of the three tables read with raw SQL, keyed by label (`'Book:3'`): what the database holds,
 * independent of the code under test. Dates are read as text so that drivers agree.
 */
export async function tableState(db: TestDatabase): Promise<Record<string, RowState>> {
  const q = (n: string) => db.q(n);
  const asText =
    db.dialect === 'sqlite'
      ? `t.${q('release')}`
      : db.dialect === 'postgres'
        ? `TO_CHAR(t.${q('release')}, 'YYYY-MM-DD')`
        : `DATE_FORMAT(t.${q('release')}, '%Y-%m-%d')`;
  const state: Record<string, RowState> = {};
  for (const { entity, table } of TABLES) {
    const rows = await db.query(
      `SELECT t.id AS id, t.title AS title, t.pages AS pages, ${asText} AS rel, t.${q('authorId')} AS author ` +
        `FROM ${q(table)} t`,
    );
    for (const r of rows) {
      state[`${entity}:${r.id}`] = {
        title: r.title,
        pages: Number(r.pages),
        release: r.rel ?? null,
        authorId: r.author === null ? null : Number(r.author),
      };
    }
  }
  return state;
}

/** Labels whose row differs between two states (or exists in only one), sorted. */
export function changedLabels(before: Record<string, RowState>, after: Record<string, RowState>): string[] {
  const all = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...all].filter((l) => JSON.stringify(before[l]) !== JSON.stringify(after[l])).sort();
}

/**
 * Drops and re-creates the schema, then seeds: every test starts from the same rows and ids. TypeORM does
 * not create `@Check` constraints on MySQL/MariaDB ("MySql does not support check constraints"), so there
 * BlogPost's CHECK (pages >= 0) is added by hand: MariaDB enforces CHECK constraints.
 */
export async function reset(db: TestDatabase, seed: (db: TestDatabase) => Promise<unknown>): Promise<void> {
  await db.dataSource.synchronize(true);
  if (db.dialect === 'mysql') {
    await db.query(
      `ALTER TABLE ${db.q('blog_post')} ADD CONSTRAINT ${db.q('CHK_blog_post_pages')} CHECK (pages >= 0)`,
    );
  }
  await seed(db);
}
