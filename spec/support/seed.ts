import { Article, Author, BlogPost, Book, Publisher, Tag } from '../../entities';
import type { TestDatabase } from './test-database';

export interface Seeded {
  publishers: Publisher[];
  authors: Author[];
  tags: Tag[];
  books: Book[];
  articles: Article[];
  posts: BlogPost[];
}

/**
 * The shared fixture: mixed case, accents and a leading underscore in titles (collations disagree on
 * them), equal titles and dates across entities (ties), NULL dates and authors, to-many tags.
 */
export async function seed(db: TestDatabase): Promise<Seeded> {
  const m = db.dataSource.manager;
  const [penguin, apress] = await m.save(Publisher, [{ name: 'Penguin' }, { name: 'apress' }]);
  const [alice, bob, carol, emile] = await m.save(Author, [
    { name: 'Alice', publisher: penguin },
    { name: 'bob', publisher: apress },
    { name: 'Carol', publisher: null },
    { name: 'Émile', publisher: penguin },
  ]);
  const [django, orm, sql] = await m.save(Tag, [{ name: 'django' }, { name: 'orm' }, { name: 'sql' }]);
  const books = await m.save(Book, [
    { title: 'apple pie', release: '2020-01-01', pages: 100, isbn: '111', author: alice, tags: [django] },
    { title: 'Banana Split', release: '2021-06-15', pages: 250, isbn: '222', author: bob, tags: [orm, sql] },
    { title: 'cherry', release: null, pages: 80, isbn: null, author: carol, tags: [] },
    {
      title: 'Émile et les autres',
      release: '2020-01-01',
      pages: 300,
      isbn: '444',
      author: emile,
      tags: [django],
    },
    { title: 'zebra', release: '2022-03-01', pages: 120, isbn: '555', author: null, tags: [] },
    { title: 'Zulu', release: '2021-06-15', pages: 250, isbn: '666', author: alice, tags: [sql] },
  ]);
  const articles = await m.save(Article, [
    { title: 'Apple', release: '2020-01-01', pages: 5, medium: 'The Times', author: alice, tags: [django] },
    { title: 'banana', release: null, pages: 7, medium: 'Wired', author: bob, tags: [django] },
    { title: 'cherry', release: '2021-06-15', pages: 5, medium: 'The Times', author: carol, tags: [] },
    { title: 'delta', release: '2023-01-01', pages: 12, medium: 'Wired', author: emile, tags: [orm] },
    { title: '_underscore', release: '2019-05-05', pages: 3, medium: 'Blog', author: null, tags: [] },
  ]);
  const posts = await m.save(BlogPost, [
    {
      id: 'hello',
      title: 'hello world',
      release: '2020-01-01',
      pages: 2,
      likes: 10,
      author: alice,
      tags: [django, orm],
    },
    { id: 'apple', title: 'apple pie', release: '2021-06-15', pages: 4, likes: 3, author: bob, tags: [] },
    { id: 'nul', title: 'Null release', release: null, pages: 1, likes: 0, author: carol, tags: [sql] },
    { id: 'zz', title: 'zebra', release: '2022-03-01', pages: 9, likes: 7, author: emile, tags: [] },
    { id: 'CAPS', title: 'CAPS LOCK', release: '2019-05-05', pages: 2, likes: 1, author: null, tags: [orm] },
  ]);
  return {
    publishers: [penguin, apress],
    authors: [alice, bob, carol, emile],
    tags: [django, orm, sql],
    books,
    articles,
    posts,
  };
}

/** `'Book:3'`: how specs name an entity of the fixture, independent of the code under test. */
export function label(entity: object): string {
  return `${entity.constructor.name}:${(entity as any).id}`;
}
