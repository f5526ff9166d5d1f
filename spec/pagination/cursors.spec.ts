import { Article, BlogPost, Book } from '../../entities';
import {
  InvalidCursorError,
  SequenceError,
  SequenceQueryBuilder,
  sequenceOf,
  type PaginateOptions,
} from '../../src';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { expectWalkPages, walk } from './walk';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

const decode = (cursor: string) =>
  JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8'));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The same cursor with one character replaced by another base64url character. */
const flip = (cursor: string, i: number) =>
  cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);

describeEachDialect('paginate(): opaque cursors, tampering and signatures', (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');
  const byTitle = () => pubs().orderBy('title');
  const byRelease = () => pubs().orderBy('release', 'DESC');
  const byPages = () => pubs().orderBy('pages');

  /** The cursor of the 5th row by title (unsigned, or signed with `secret`). */
  const cursorOf = async (seq: Seq, secret?: string) =>
    (await seq.paginate({ first: 5, secret })).pageInfo.endCursor!;

  /** Runs the page; returns the error (or undefined) with the SQL that ran. */
  const attempt = async (seq: Seq, options: PaginateOptions) => {
    const { result, queries } = await db.counted(() =>
      seq.paginate(options).then(
        () => undefined,
        (e) => e,
      ),
    );
    return { error: result as Error | undefined, queries };
  };

  /** Expects InvalidCursorError (status 400, a SequenceError) whose message matches `why`, with no SQL run. */
  const expectRefused = async (seq: Seq, options: PaginateOptions, why: RegExp) => {
    const { error, queries } = await attempt(seq, options);
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(error).toBeInstanceOf(SequenceError);
    expect((error as InvalidCursorError).status).toBe(400);
    expect(error!.message).toMatch(/cursor/i);
    expect(error!.message).toMatch(why);
    expect(queries).toEqual([]);
  };

  beforeAll(() => seed(db));

  it('a cursor is opaque base64url text: no title, date or table name readable in it', async () => {
    const page = await byTitle().paginate({ first: 16 });
    for (const edge of page.edges) {
      expect(edge.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const node = edge.node;
      expect(edge.cursor).not.toContain(node.title.replace(/[^A-Za-z0-9]/g, ''));
      expect(edge.cursor).not.toMatch(/book|article|blog_post/i);
    }
    expect(new Set(page.edges.map((e) => e.cursor)).size).toBe(16);
  });

  it('the same row under the same ordering always gets the same cursor', async () => {
    const once = await byRelease().paginate({ first: 16 });
    const again = await byRelease().paginate({ first: 3, after: once.edges[4].cursor });
    expect(again.edges.map((e) => e.cursor)).toEqual(once.edges.slice(5, 8).map((e) => e.cursor));
  });

  it('flipping any character of a signed cursor is refused without SQL', async () => {
    const secret = 's3cr3t';
    const cursor = await cursorOf(byRelease(), secret);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === '.') continue;
      const { error, queries } = await attempt(byRelease(), { first: 2, after: flip(cursor, i), secret });
      expect({ i, error, queries }).toEqual({ i, error: expect.any(InvalidCursorError), queries: [] });
    }
  });

  it('flipping any character of an unsigned cursor gives InvalidCursorError or a page, never another error', async () => {
    const cursor = await cursorOf(byRelease());
    let refused = 0;
    for (let i = 0; i < cursor.length; i++) {
      const { error, queries } = await attempt(byRelease(), { first: 2, after: flip(cursor, i) });
      if (error === undefined) continue;
      expect({ i, error: error.constructor.name, queries }).toEqual({
        i,
        error: 'InvalidCursorError',
        queries: [],
      });
      refused++;
    }
    expect(refused).toBeGreaterThan(cursor.length / 2);
  });

  it('truncated, junk-appended, empty, non-base64url and over-long cursors are malformed', async () => {
    const cursor = await cursorOf(byTitle());
    const why = /malformed|too long|non-empty/;
    const cases = [
      cursor.slice(0, -1),
      cursor.slice(0, -3),
      cursor.slice(0, Math.floor(cursor.length / 2)),
      cursor + 'eyJ4Ijox',
      cursor + '!!',
      `${cursor}==`,
      cursor.replace(/[A-Za-z]/, '+'),
      ' ' + cursor,
      '',
      '.',
      'x'.repeat(10000),
    ];
    for (const after of cases) await expectRefused(byTitle(), { first: 2, after }, why);
  });

  it('non-string cursors are refused', async () => {
    for (const after of [42, {}, ['x'], true, Symbol('x')]) {
      await expectRefused(byTitle(), { first: 2, after: after as any }, /string/);
      await expectRefused(byTitle(), { last: 2, before: after as any }, /string/);
    }
  });

  it('JSON changed inside and re-encoded: version, fingerprint, keys, builder, value types', async () => {
    const cursor = await cursorOf(byTitle());
    const original = decode(cursor);
    expect(Object.keys(original).sort()).toEqual(['f', 'p', 'v']);
    const changed = (change: (c: any) => void) => {
      const copy = JSON.parse(JSON.stringify(original));
      change(copy);
      return encode(copy);
    };
    const cases: [string, RegExp][] = [
      [changed((c) => (c.v = 2)), /version/],
      [changed((c) => delete c.v), /version/],
      [encode(null), /version|malformed/],
      [encode('just text'), /version|malformed/],
      [encode([1, 2]), /version|malformed/],
      [changed((c) => (c.f = 'AAAAAAAAAAAAAAAA')), /another ordering|another sequence/],
      [changed((c) => (c.p = null)), /malformed/],
      [changed((c) => (c.p = [1])), /malformed/],
      [changed((c) => (c.p.seq_idx = 7)), /builder/],
      [changed((c) => (c.p.seq_idx = '0')), /builder/],
      [changed((c) => delete c.p.seq_k0), /keys/],
      [changed((c) => (c.p.extra = 1)), /keys/],
      [changed((c) => (c.p.seq_k0 = { $gt: '' })), /value/],
      [changed((c) => (c.p.seq_k0 = [1, 2])), /value/],
    ];
    for (const [after, why] of cases) await expectRefused(byTitle(), { first: 2, after }, why);
    // Untouched, the same cursor still works (the cases fail for their change, not for the cursor).
    expect((await byTitle().paginate({ first: 2, after: changed(() => undefined) })).items).toHaveLength(2);
  });

  it('a value of the wrong type for its column is refused, not sent to the database', async () => {
    // orderBy('pages'): the key is an integer column; orderBy('release'): a date column.
    const pagesCursor = decode(await cursorOf(byPages()));
    const releaseCursor = decode(await cursorOf(byRelease()));
    expect(typeof pagesCursor.p.seq_k0).toBe('number');
    const cases: [Seq, unknown][] = [
      [byPages(), { ...pagesCursor, p: { ...pagesCursor.p, seq_k0: 'abc' } }],
      [byRelease(), { ...releaseCursor, p: { ...releaseCursor.p, seq_k0: 'not-a-date' } }],
    ];
    for (const [seq, tampered] of cases) {
      await expectRefused(seq, { first: 2, after: encode(tampered) }, /value|malformed/);
    }
  });

  it('a cursor from another direction, NULL placement, key list or sequence is foreign', async () => {
    const why = /another ordering or another sequence/;
    const titleCursor = await cursorOf(byTitle());
    await expectRefused(pubs().orderBy('title', 'DESC'), { first: 2, after: titleCursor }, why);
    await expectRefused(pubs().orderBy('title', 'ASC', 'NULLS LAST'), { first: 2, after: titleCursor }, why);
    await expectRefused(byTitle().addOrderBy('pages'), { last: 2, before: titleCursor }, why);
    await expectRefused(byTitle().reverse(), { first: 2, after: titleCursor }, why);
    await expectRefused(pubs(), { first: 2, after: titleCursor }, why);
    // Same ordering, other entities (or the same entities as other builders).
    const two = sequenceOf(db.dataSource, [Book, Article]).orderBy('title');
    await expectRefused(two, { first: 2, after: titleCursor }, why);
    const swapped = sequenceOf(db.dataSource, [Article, Book, BlogPost]).orderBy('title');
    await expectRefused(swapped, { first: 2, after: titleCursor }, why);
    await expectRefused(byTitle(), { first: 2, after: await cursorOf(two) }, why);
    // The same ordering on an equal sequence built again accepts it (a filter does not change a cursor's meaning).
    const accepted = await byTitle()
      .where('item.pages > :n', { n: 0 })
      .paginate({ first: 2, after: titleCursor });
    expect(accepted.items).toHaveLength(2);
  });

  it("a cursor made under orderBy('title') is foreign to orderBy('pages'), ('release'), ('author.name')", async () => {
    const titleCursor = await cursorOf(byTitle());
    for (const seq of [byPages(), pubs().orderBy('release'), pubs().orderBy('author.name')]) {
      await expectRefused(seq, { first: 2, after: titleCursor }, /another ordering or another sequence/);
    }
  });

  it('{ secret }: unsigned, differently signed, or signed-but-no-secret cursors are refused', async () => {
    const unsigned = await cursorOf(byTitle());
    const signed = await cursorOf(byTitle(), 'alpha');
    const signature = /signature|signed|secret/;
    await expectRefused(byTitle(), { first: 2, after: unsigned, secret: 'alpha' }, signature);
    await expectRefused(byTitle(), { first: 2, after: signed, secret: 'beta' }, signature);
    await expectRefused(byTitle(), { first: 2, after: signed }, signature);
    await expectRefused(byTitle(), { last: 2, before: signed, secret: 'alph' }, signature);
    // The JSON inside a signed cursor changed (a plain value) and re-encoded with the old signature.
    const [payload, mac] = signed.split('.');
    const inside = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    inside.p.seq_k0 = 'a';
    await expectRefused(
      byTitle(),
      { first: 2, after: `${encode(inside)}.${mac}`, secret: 'alpha' },
      signature,
    );
    await expectRefused(
      byTitle(),
      { first: 2, after: `${payload}.${mac}.${mac}`, secret: 'alpha' },
      /malformed/,
    );
    await expectRefused(
      byTitle(),
      { first: 2, after: `${payload}.`, secret: 'alpha' },
      /malformed|signature/,
    );
  });

  it('signed cursors walk every page both ways and give exactly getMany()', async () => {
    for (const seq of [byTitle(), byRelease().reverse(), pubs()]) {
      const expected = (await seq.getMany()).map(label);
      for (const size of [1, 3, 7]) {
        const forward = await walk(seq, 'forward', size, { secret: 'k' });
        expect(forward.items.map(label)).toEqual(expected);
        expectWalkPages(forward, 'forward', size, expected.length, true);
        const backward = await walk(seq, 'backward', size, { secret: 'k' });
        expect(backward.items.map(label)).toEqual(expected);
        expectWalkPages(backward, 'backward', size, expected.length, true);
      }
    }
  });
});
