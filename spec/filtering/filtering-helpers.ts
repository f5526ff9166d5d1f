import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { oracle } from '../support/oracle';
import { label } from '../support/seed';
import type { TestDatabase } from '../support/test-database';

/** The oracle's ORDER BY for `orderBy('title')`: title, then `#`, then primary key, all ascending. */
export const BY_TITLE = 'title, idx, ipk, spk';

/** Every label of the fixture, for "all rows but ..." expectations. */
export const ALL_LABELS = [
  ...[1, 2, 3, 4, 5, 6].map((id) => `Book:${id}`),
  ...[1, 2, 3, 4, 5].map((id) => `Article:${id}`),
  ...['hello', 'apple', 'nul', 'zz', 'CAPS'].map((id) => `BlogPost:${id}`),
];

/** Book (#0), Article (#1), BlogPost (#2), every builder aliased `item`. */
export const pubs = (db: TestDatabase): SequenceQueryBuilder<any> =>
  sequenceOf(db.dataSource, 'publications');

/** Labels (`'Book:3'`) of entities returned by a sequence, in order. */
export const labels = (entities: readonly object[]): string[] => entities.map(label);

const JOIN_TABLES: Record<string, { table: string; column: string }> = {
  book: { table: 'book_tags', column: 'bookId' },
  article: { table: 'article_tags', column: 'articleId' },
  blog_post: { table: 'blog_post_tags', column: 'blogPostId' },
};

/** Hand-written SQL over the oracle's alias `t`: "has a tag whose row `g` satisfies `tagCondition`". */
export function hasTag(db: TestDatabase, tagCondition: string): (table: string) => string {
  return (table) => {
    const join = JOIN_TABLES[table];
    return (
      `EXISTS (SELECT 1 FROM ${db.q(join.table)} jt JOIN ${db.q('tag')} g ON g.id = jt.${db.q('tagId')} ` +
      `WHERE jt.${db.q(join.column)} = t.id AND ${tagCondition})`
    );
  };
}

/** Hand-written SQL over `t`: "has an author `a` (publisher `p`, maybe missing) satisfying `condition`". */
export function hasAuthor(db: TestDatabase, condition: string): string {
  return (
    `t.${db.q('authorId')} IN (SELECT a.id FROM ${db.q('author')} a ` +
    `LEFT JOIN ${db.q('publisher')} p ON p.id = a.${db.q('publisherId')} WHERE ${condition})`
  );
}

/**
 * Runs `seq` ordered by title and returns its labels after checking them (and getCount()) against the
 * oracle with the same condition written by hand.
 */
export async function expectOracle(
  db: TestDatabase,
  seq: SequenceQueryBuilder<any>,
  where: string | ((table: string) => string | undefined),
): Promise<string[]> {
  const expected = await oracle(db, { where, orderBy: BY_TITLE });
  const actual = labels(await seq.orderBy('title').getMany());
  expect(actual).toEqual(expected);
  expect(await seq.getCount()).toBe(expected.length);
  return actual;
}
