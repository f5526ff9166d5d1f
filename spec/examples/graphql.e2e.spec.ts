import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { sequenceOf } from 'typeorm-query-sequence';
import { GraphqlAppModule } from '../../examples/graphql/app.module';
import { FeedResolver } from '../../examples/graphql/feed.resolver';
import { Article, BlogPost, Book } from '../../entities';

const PAGE = `
  query Page($first: Int, $after: String, $last: Int, $before: String) {
    feed(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { __typename ... on Publication { id title } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

/** The GraphQL example (examples/graphql) on its embedded SQLite database, queried over real HTTP. */
describe('examples/graphql: the feed as a Relay connection over HTTP [sqlite]', () => {
  let app: INestApplication;
  let url: string;
  let expected: string[];

  beforeAll(async () => {
    app = await NestFactory.create(GraphqlAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/graphql`;
    // The same order through the query builder's own getMany(): newest first, drafts last.
    const items = await sequenceOf(app.get(DataSource), 'publications')
      .orderBy('release', 'DESC', 'NULLS LAST')
      .getMany();
    expected = items.map((item) => `${item.constructor.name}:${item.id}`);
  });
  afterAll(() => app?.close());

  async function feed(variables: object, query = PAGE): Promise<{ status: number; body: any }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: await response.json() };
  }

  const labels = (edges: any[]) => edges.map((edge) => `${edge.node.__typename}:${edge.node.id}`);

  it('first/after walks the whole feed forwards, each item once, as getMany() orders it', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { status, body } = await feed({ first: 3, after });
      expect([status, body.errors]).toEqual([200, undefined]);
      expect(body.data.feed.totalCount).toBe(expected.length);
      seen.push(...labels(body.data.feed.edges));
      expect(body.data.feed.pageInfo.hasPreviousPage).toBe(page > 0);
      if (!body.data.feed.pageInfo.hasNextPage) break;
      after = body.data.feed.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThan(3);
  });

  it('last/before walks it backwards from the end, the same items in the same order', async () => {
    const pages: string[][] = [];
    let before: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body } = await feed({ last: 3, before });
      expect(body.errors).toBeUndefined();
      pages.unshift(labels(body.data.feed.edges));
      expect(body.data.feed.pageInfo.hasNextPage).toBe(page > 0);
      if (!body.data.feed.pageInfo.hasPreviousPage) break;
      before = body.data.feed.pageInfo.startCursor;
    }
    expect(pages.flat()).toEqual(expected);
  });

  it('an edge’s cursor continues after that edge; the union resolves each node to its entity type', async () => {
    const { body } = await feed({ first: 5 });
    const edges = body.data.feed.edges;
    const next = await feed({ first: 2, after: edges[2].cursor });
    expect(labels(next.body.data.feed.edges)).toEqual(expected.slice(3, 5));
    expect(new Set(labels(edges).map((label) => label.split(':')[0]))).toEqual(
      new Set(expected.slice(0, 5).map((label) => label.split(':')[0])),
    );
  });

  describe('countsByType', () => {
    const COUNTS = `
      query Counts($first: Int, $after: String) {
        feed(first: $first, after: $after) { totalCount countsByType { type count } edges { cursor } }
      }`;
    const BY_FRAGMENT = `
      query { feed(first: 1) { ...Counted } }
      fragment Counted on FeedConnection { totalCount ... on FeedConnection { countsByType { type count } } }`;

    /** What the database says, without the library: TypeORM's repository.count() per entity. */
    async function databaseCounts(): Promise<{ type: string; count: number }[]> {
      const dataSource = app.get(DataSource);
      return Promise.all(
        [Book, Article, BlogPost].map(async (entity) => ({
          type: dataSource.getMetadata(entity).name,
          count: await dataSource.getRepository(entity).count(),
        })),
      );
    }

    it('counts the whole feed per type as repository.count() does, on every page; they add up to totalCount', async () => {
      const database = await databaseCounts();
      expect(database.every(({ count }) => count > 0)).toBe(true);
      const first = await feed({ first: 2 }, COUNTS);
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.feed.countsByType).toEqual(database); // the sequence's order: Book, Article, BlogPost
      const total = database.reduce((sum, { count }) => sum + count, 0);
      expect(first.body.data.feed.totalCount).toBe(total);
      expect(total).toBe(expected.length);
      const after = first.body.data.feed.edges[1].cursor;
      const second = await feed({ first: 2, after }, COUNTS);
      expect(second.body.data.feed.countsByType).toEqual(database);
    });

    it('is found through fragments too', async () => {
      const { body } = await feed({}, BY_FRAGMENT);
      expect(body.errors).toBeUndefined();
      expect(body.data.feed.countsByType).toEqual(await databaseCounts());
    });

    it('is counted only when asked for: otherwise paginate() gets withCount: true', async () => {
      const repository = (app.get(FeedResolver) as any).publications;
      const paginate = jest.spyOn(repository, 'paginate');
      try {
        await feed({ first: 1 });
        await feed({ first: 1 }, COUNTS);
        expect(paginate.mock.calls.map(([options]: any[]) => options.withCount)).toEqual([true, 'byEntity']);
      } finally {
        paginate.mockRestore();
      }
    });
  });

  it.each([
    [{ first: 2, after: 'not-a-cursor!' }, /Invalid cursor/],
    [{ first: 0 }, /first must be from 1 to 50/],
    [{ last: 51 }, /last must be from 1 to 50/],
    [{ first: 2, last: 2 }, /first or last, not both/],
  ])('%j: a GraphQL error with extensions.code BAD_USER_INPUT', async (variables, message) => {
    const { body } = await feed(variables);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toMatch(message);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('a tampered cursor (another ordering) is refused the same way', async () => {
    const { body } = await feed({ first: 2 });
    const decoded = JSON.parse(Buffer.from(body.data.feed.pageInfo.endCursor, 'base64url').toString('utf8'));
    decoded.f = 'another-ordering';
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    const refused = await feed({ first: 2, after: tampered });
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
