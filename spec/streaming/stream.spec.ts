import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;

const BATCHES = [1, 2, 7, 1000];

const ORDERS: [string, (s: Seq) => Seq][] = [
  ["orderBy('title')", (s) => s.orderBy('title')],
  ["orderBy('release', 'DESC', 'NULLS FIRST')", (s) => s.orderBy('release', 'DESC', 'NULLS FIRST')],
  ["orderBy('author.name') (NULL authors)", (s) => s.orderBy('author.name')],
  ["orderBy('author', 'DESC')", (s) => s.orderBy('author', 'DESC')],
  ["orderBy('#', 'DESC')", (s) => s.orderBy('#', 'DESC')],
  [
    "orderBy('pages').addOrderBy('title', 'DESC').reverse()",
    (s) => s.orderBy('pages').addOrderBy('title', 'DESC').reverse(),
  ],
  ['no orderBy', (s) => s],
  ['no orderBy, reverse()', (s) => s.reverse()],
];

/** The key queries among the statements a stream ran (the entity loads do not select '#'). */
const keyQueries = (queries: string[]) => queries.filter((sql) => sql.includes('seq_idx'));

describeEachDialect('stream() and for await', (db) => {
  const pubs = (): Seq => sequenceOf(db.dataSource, 'publications');

  const drain = async (iterable: AsyncIterable<object>) => {
    const out: string[] = [];
    for await (const entity of iterable) out.push(label(entity));
    return out;
  };

  beforeAll(() => seed(db));

  it.each(ORDERS)('%s: stream({ batchSize }) at 1, 2, 7, 1000 yields exactly getMany()', async (_, order) => {
    const expected = (await order(pubs()).getMany()).map(label);
    expect(expected).toHaveLength(16);
    for (const batchSize of BATCHES) {
      const got = await drain(order(pubs()).stream({ batchSize }));
      expect({ batchSize, got }).toEqual({ batchSize, got: expected });
    }
  });

  it('for await (const x of seq) and stream() without options yield getMany() in one key query', async () => {
    const seq = pubs().orderBy('release', 'DESC').addOrderBy('title');
    const expected = (await seq.getMany()).map(label);
    const { result, queries } = await db.counted(() => drain(seq));
    expect(result).toEqual(expected);
    expect(keyQueries(queries)).toHaveLength(1);
    expect(queries.length).toBeLessThanOrEqual(4);
    expect(await drain(seq.stream())).toEqual(expected);
  });

  it.each([1, 2, 3, 7, 16, 1000])(
    'batchSize %i: ceil(rows / batchSize) key queries (+1 at most), each LIMIT <= batchSize, no OFFSET',
    async (batchSize) => {
      const seq = pubs().orderBy('title');
      const { result, queries } = await db.counted(() => drain(seq.stream({ batchSize })));
      expect(result).toHaveLength(16);
      const keys = keyQueries(queries);
      const full = Math.ceil(16 / batchSize);
      expect(keys.length).toBeGreaterThanOrEqual(full);
      expect(keys.length).toBeLessThanOrEqual(full + 1);
      expect(queries.filter((sql) => /\bOFFSET\b/i.test(sql))).toEqual([]);
      for (const sql of keys) {
        const limits = [...sql.matchAll(/\bLIMIT (\d+)/gi)].map((m) => Number(m[1]));
        expect(limits.length).toBeGreaterThan(0);
        expect(Math.max(...limits)).toBeLessThanOrEqual(batchSize);
      }
      // Each batch loads its entities: at most one load per entity per batch.
      expect(queries.length - keys.length).toBeLessThanOrEqual(3 * keys.length);
    },
  );

  it('skip/take: stream yields getMany() of the same slice; only the first key query has an OFFSET', async () => {
    const cases: [string, Seq][] = [
      ['skip(3).take(5)', pubs().orderBy('title').skip(3).take(5)],
      ['skip(10)', pubs().orderBy('release', 'DESC').skip(10)],
      ['take(4)', pubs().orderBy('pages').take(4)],
      ['skip(15).take(10)', pubs().skip(15).take(10)],
      ['skip(20)', pubs().orderBy('title').skip(20)],
    ];
    for (const [name, seq] of cases) {
      const expected = (await seq.getMany()).map(label);
      for (const batchSize of BATCHES) {
        const { result, queries } = await db.counted(() => drain(seq.stream({ batchSize })));
        expect({ name, batchSize, result }).toEqual({ name, batchSize, result: expected });
        const keys = keyQueries(queries);
        expect({
          name,
          batchSize,
          laterOffsets: keys.slice(1).filter((sql) => /\bOFFSET\b/i.test(sql)),
        }).toEqual({ name, batchSize, laterOffsets: [] });
        // one batch per batchSize rows, one that finds the end, and one where deferred NULL parts take over
        expect(keys.length).toBeLessThanOrEqual(Math.ceil(Math.max(expected.length, 1) / batchSize) + 2);
      }
    }
  });

  it('take(0), an empty sequence and a filter that matches nothing yield nothing (no SQL for the first two)', async () => {
    for (const seq of [pubs().orderBy('title').take(0), pubs().none()]) {
      const { result, queries } = await db.counted(() => drain(seq.stream({ batchSize: 2 })));
      expect(result).toEqual([]);
      expect(queries).toEqual([]);
    }
    const nothing = pubs().where('item.pages > :n', { n: 100000 });
    const { result, queries } = await db.counted(() => drain(nothing.stream({ batchSize: 2 })));
    expect(result).toEqual([]);
    expect(keyQueries(queries)).toHaveLength(1);
  });

  it("a filtered sequence (where/orWhere, or builders' own where) streams exactly its getMany(), with and without take", async () => {
    const filtered = pubs()
      .where('item.pages > :n', { n: 3 })
      .orWhere('item.title = :t', { t: 'cherry' })
      .orderBy('release', 'DESC');
    const ownWhere = SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item').where('item.pages > 90'),
      db.dataSource.getRepository(Article).createQueryBuilder('item').where('item.release IS NOT NULL'),
      db.dataSource.getRepository(BlogPost).createQueryBuilder('item'),
    ).orderBy('title', 'DESC');
    for (const seq of [filtered, filtered.take(5), filtered.skip(2).take(6), ownWhere, ownWhere.take(9)]) {
      const expected = (await seq.getMany()).map(label);
      for (const batchSize of [1, 2, 7]) {
        expect({ batchSize, got: await drain(seq.stream({ batchSize })) }).toEqual({
          batchSize,
          got: expected,
        });
      }
    }
  });

  it('stream() is lazy and stops querying when the loop breaks', async () => {
    const seq = pubs().orderBy('title');
    const expected = (await seq.getMany()).map(label);
    const { result: iterator, queries: atCreation } = await db.counted(async () =>
      seq.stream({ batchSize: 2 }),
    );
    expect(atCreation).toEqual([]);
    const { result, queries } = await db.counted(async () => {
      const out: string[] = [];
      for await (const entity of iterator) {
        out.push(label(entity));
        if (out.length === 3) break;
      }
      return out;
    });
    expect(result).toEqual(expected.slice(0, 3));
    expect(keyQueries(queries)).toHaveLength(2);
    const { queries: after } = await db.counted(async () => iterator.next());
    expect(after).toEqual([]);
  });

  it('batchSize 0, -1, 1.5, NaN or a string is a RangeError from stream() itself, before any SQL', async () => {
    for (const batchSize of [0, -1, 1.5, NaN, Infinity, '2' as any]) {
      const { result, queries } = await db.counted(async () => {
        try {
          pubs().orderBy('title').stream({ batchSize });
        } catch (error) {
          return error;
        }
        return undefined;
      });
      expect({ batchSize, error: result }).toEqual({ batchSize, error: expect.any(RangeError) });
      expect((result as Error).message).toMatch(/batchSize/);
      expect(queries).toEqual([]);
    }
  });
});
