import { Article, BlogPost, Book } from '../../entities';
import {
  InvalidArgumentError,
  SequenceQueryBuilder,
  UnsupportedOperationError,
  sequenceOf,
  type PaginateOptions,
} from '../../src';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { expectPageShape, walk } from './walk';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

describeEachDialect('paginate(): pageInfo, counts, empty pages and arguments', (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');
  const byRelease = () => pubs().orderBy('release', 'DESC', 'NULLS LAST').addOrderBy('title');
  const labels = (items: object[]) => items.map(label);

  beforeAll(() => seed(db));

  it('first page of a walk: hasPreviousPage false, hasNextPage true; cursors of the first and last edge', async () => {
    const expected = labels(await byRelease().getMany());
    const page = await byRelease().paginate({ first: 4 });
    expectPageShape(page);
    expect(labels(page.items)).toEqual(expected.slice(0, 4));
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page.edges[0].cursor,
      endCursor: page.edges[3].cursor,
    });
    expect('totalCount' in page).toBe(false);
  });

  it('every edge cursor of a page continues the walk from that row, forwards and backwards', async () => {
    const expected = labels(await byRelease().getMany());
    const all = await byRelease().paginate({ first: 100 });
    expect(labels(all.items)).toEqual(expected);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(all.pageInfo.hasPreviousPage).toBe(false);
    for (const [i, edge] of all.edges.entries()) {
      const after = await byRelease().paginate({ first: 3, after: edge.cursor });
      expect({ i, after: labels(after.items) }).toEqual({ i, after: expected.slice(i + 1, i + 4) });
      expect({ i, next: after.pageInfo.hasNextPage, previous: after.pageInfo.hasPreviousPage }).toEqual({
        i,
        next: i + 4 < expected.length,
        previous: true,
      });
      const before = await byRelease().paginate({ last: 3, before: edge.cursor });
      expect({ i, before: labels(before.items) }).toEqual({
        i,
        before: expected.slice(Math.max(0, i - 3), i),
      });
      expect({ i, next: before.pageInfo.hasNextPage, previous: before.pageInfo.hasPreviousPage }).toEqual({
        i,
        next: true,
        previous: i - 3 > 0,
      });
    }
  });

  it('after the last row: an empty page with no cursors, hasNextPage false and hasPreviousPage true', async () => {
    const last = await byRelease().paginate({ last: 1 });
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const page = await byRelease().paginate({ first: 5, after: last.pageInfo.endCursor });
    expect(page).toEqual({
      items: [],
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it('before the first row: an empty page with no cursors, hasPreviousPage false and hasNextPage true', async () => {
    const first = await byRelease().paginate({ first: 1 });
    const page = await byRelease().paginate({ last: 5, before: first.pageInfo.startCursor });
    expect(page).toEqual({
      items: [],
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('first: 0 and last: 0 give an empty page whose flags still say which way rows are', async () => {
    const expected = labels(await byRelease().getMany());
    const middle = (await byRelease().paginate({ first: 100 })).edges[7].cursor;
    const cases: [PaginateOptions, boolean, boolean][] = [
      [{ first: 0 }, true, false],
      [{ first: 0, after: middle }, expected.length > 8, true],
      [{ last: 0 }, false, true],
      [{ last: 0, before: middle }, true, true],
    ];
    const got = [];
    const want = [];
    for (const [options, next, previous] of cases) {
      const page = await byRelease().paginate(options);
      got.push({ options, page });
      want.push({
        options,
        page: {
          items: [],
          edges: [],
          pageInfo: { hasNextPage: next, hasPreviousPage: previous, startCursor: null, endCursor: null },
        },
      });
    }
    expect(got).toEqual(want);
  });

  it('withCount: true gives totalCount = getCount() on pages from anywhere, the filter applied', async () => {
    const filtered = byRelease().where('item.pages >= :n', { n: 5 });
    for (const seq of [byRelease(), filtered]) {
      const count = await seq.getCount();
      const whole = await seq.paginate({ first: 100, withCount: true });
      expect(whole.totalCount).toBe(count);
      expect(whole.items).toHaveLength(count);
      for (const edge of whole.edges) {
        expect((await seq.paginate({ first: 2, after: edge.cursor, withCount: true })).totalCount).toBe(
          count,
        );
        expect((await seq.paginate({ last: 2, before: edge.cursor, withCount: true })).totalCount).toBe(
          count,
        );
      }
    }
    expect(await filtered.getCount()).toBe(11);
    expect(await byRelease().getCount()).toBe(16);
  });

  it('an empty sequence and a filter that matches nothing give one empty page (totalCount 0)', async () => {
    const empty = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
    const none = await db.counted(() => pubs().none().paginate({ first: 5, withCount: true }));
    expect(none.result).toMatchObject({ items: [], edges: [], pageInfo: empty });
    expect(none.queries).toEqual([]);
    const nothing = pubs().where('item.pages > :n', { n: 10000 }).orderBy('title');
    expect(await nothing.paginate({ first: 5, withCount: true })).toEqual({
      items: [],
      edges: [],
      pageInfo: empty,
      totalCount: 0,
    });
    expect((await walk(nothing, 'backward', 2)).pages).toHaveLength(1);
  });

  it('a page runs no OFFSET and at most keys + the has-more-behind check + one load per entity on it', async () => {
    const start = await byRelease().paginate({ first: 5 });
    const { result, queries } = await db.counted(() =>
      byRelease().paginate({ first: 5, after: start.pageInfo.endCursor }),
    );
    const entities = new Set(result.items.map((e) => e.constructor.name));
    expect(result.items).toHaveLength(5);
    expect(queries.length).toBeLessThanOrEqual(2 + entities.size);
    expect(queries.filter((sql) => /\bOFFSET\b/i.test(sql))).toEqual([]);
    // The keyset condition travels as parameters: the cursor's title value is not in the SQL text.
    const titles = start.items.map((e) => e.title);
    expect(queries.filter((sql) => titles.some((t) => sql.includes(`'${t}'`)))).toEqual([]);
  });

  it('a bad count is a RangeError, no direction an InvalidArgumentError, skip/take an UnsupportedOperationError, before any SQL', async () => {
    const bad: [PaginateOptions, new (...args: any[]) => Error][] = [
      [{}, InvalidArgumentError],
      [{ first: -1 }, RangeError],
      [{ first: 1.5 }, RangeError],
      [{ first: NaN }, RangeError],
      [{ last: -2 }, RangeError],
      [{ first: 2, last: 2 }, InvalidArgumentError],
      [{ last: 2, after: 'x' }, InvalidArgumentError],
      [{ first: 2, before: 'x' }, InvalidArgumentError],
      [{ first: '3' as any }, RangeError],
    ];
    for (const [options, error] of bad) {
      const { result, queries } = await db.counted(() =>
        byRelease()
          .paginate(options)
          .catch((e) => e),
      );
      expect({ options, error: result }).toEqual({ options, error: expect.any(error) });
      expect(queries).toEqual([]);
    }
    for (const seq of [byRelease().skip(2), byRelease().take(3)]) {
      const { result, queries } = await db.counted(() => seq.paginate({ first: 2 }).catch((e) => e));
      expect(result).toBeInstanceOf(UnsupportedOperationError);
      expect((result as Error).message).toMatch(/skip\(\)\/take\(\)/);
      expect(queries).toEqual([]);
    }
  });
});
