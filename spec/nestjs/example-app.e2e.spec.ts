import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../examples/nestjs/app.module';
import { oracle } from '../support/oracle';
import { NestDatabase } from './support/nest-database';
import { nullsTerm, tail } from '../support/order-terms';

const ENTITY: Record<string, string> = { book: 'Book', article: 'Article', 'blog-post': 'BlogPost' };

/** The example app (examples/nestjs) on its embedded SQLite database, called over real HTTP. */
describe('examples/nestjs: GET /feed and GET /feed/:type/:id over HTTP', () => {
  let app: INestApplication;
  let base: string;
  const db = new NestDatabase('sqlite');

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    db.attach(app.get(DataSource));
  });
  afterAll(() => app?.close());

  async function get(path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(base + path);
    return { status: response.status, body: await response.json() };
  }

  const labelsOf = (items: { type: string; id: unknown }[]) => items.map((i) => `${ENTITY[i.type]}:${i.id}`);

  /** The feed's order written by hand: newest first, drafts last, ties by '#' then primary key. */
  const feedOrder = () => `${nullsTerm(db, db.q('release'), 'DESC', 'NULLS LAST')}, ${tail('DESC')}`;

  it('GET /feed?first=4 gives the first page of the feed', async () => {
    const expected = await oracle(db, { orderBy: feedOrder(), limit: 4 });
    const { status, body } = await get('/feed?first=4');
    expect(status).toBe(200);
    expect(labelsOf(body.items)).toEqual(expected);
    expect(body.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(typeof body.pageInfo.endCursor).toBe('string');
  });

  it('following endCursor walks the whole feed, each item once, drafts last', async () => {
    const expected = await oracle(db, { orderBy: feedOrder() });
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 10; page++) {
      const { status, body } = await get(
        `/feed?first=4${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...labelsOf(body.items));
      if (!body.pageInfo.hasNextPage) break;
      after = body.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(16);
    expect(seen.at(-1)).toBe('BlogPost:a-draft');
  });

  it('GET /feed?author= keeps one author’s publications, with the author loaded', async () => {
    const grace = `t.${db.q('authorId')} IN (SELECT a.id FROM ${db.q('author')} a WHERE a.name = 'Grace Hopper')`;
    const expected = await oracle(db, { where: grace, orderBy: feedOrder() });
    const { status, body } = await get('/feed?first=50&author=Grace%20Hopper');
    expect(status).toBe(200);
    expect(labelsOf(body.items)).toEqual(expected);
    expect(body.items.map((i: any) => i.author)).toEqual(expected.map(() => 'Grace Hopper'));
    expect(body.pageInfo.hasNextPage).toBe(false);
  });

  it('GET /feed/:type/:id gives one item', async () => {
    const [row] = await db.query(`SELECT title, ${db.q('release')} AS r FROM article WHERE id = 2`);
    const { status, body } = await get('/feed/article/2');
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'article', id: 2, title: row.title, release: row.r });
    const post = await get('/feed/blog-post/hello-world');
    expect([post.status, post.body.type, post.body.id]).toEqual([200, 'blog-post', 'hello-world']);
  });

  it('GET /feed/:type/:id takes the type in any case, with or without its dash', async () => {
    const [row] = await db.query('SELECT title FROM book WHERE id = 1');
    for (const path of ['/feed/Book/1', '/feed/BOOK/1', '/feed/book/1']) {
      const { status, body } = await get(path);
      expect([path, status, body.type, body.id, body.title]).toEqual([path, 200, 'book', 1, row.title]);
    }
    for (const path of ['/feed/BlogPost/hello-world', '/feed/Blog-Post/hello-world']) {
      const { status, body } = await get(path);
      expect([path, status, body.type, body.id]).toEqual([path, 200, 'blog-post', 'hello-world']);
    }
  });

  it('GET /feed/:type/:id for a missing item: EntityNotFoundError answered as 404', async () => {
    for (const path of [
      '/feed/book/999',
      '/feed/blog-post/no-such-post',
      '/feed/book/not-a-number',
      '/feed/poem/1',
    ]) {
      const { status, body } = await get(path);
      expect([path, status, body.statusCode]).toEqual([path, 404, 404]);
    }
    // The exception filter's answer for TypeORM's EntityNotFoundError (not the controller's NotFoundException).
    expect((await get('/feed/book/999')).body.message).toBe('No such publication.');
    // A blog post's slug is not a book's id: the type picks the entity.
    expect((await get('/feed/book/hello-world')).status).toBe(404);
  });

  it('a malformed or tampered cursor: InvalidCursorError answered as 400', async () => {
    const bad = await get('/feed?first=2&after=not-a-cursor!');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.body.message).toMatch(/Invalid cursor/);

    const { body } = await get('/feed?first=2');
    const decoded = JSON.parse(Buffer.from(body.pageInfo.endCursor, 'base64url').toString('utf8'));
    decoded.f = 'another-ordering';
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    const refused = await get(`/feed?first=2&after=${tampered}`);
    expect([refused.status, refused.body.statusCode]).toEqual([400, 400]);
    expect(refused.body.message).toMatch(/Invalid cursor/);
  });

  it('GET /feed?first=0: 400 from the controller’s own check', async () => {
    const { status, body } = await get('/feed?first=0');
    expect([status, body.message]).toEqual([400, 'first must be an integer from 1 to 50.']);
  });
});
