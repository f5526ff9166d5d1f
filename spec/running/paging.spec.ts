import { sequenceOf } from '../../src';
import { labels, nullsTerm, tail } from '../ordering/order-oracle';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

describeEachDialect('skip / take and the queries a page runs', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const byTitle = () => pubs().orderBy('title');
  const titleOrder = () => oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });

  beforeAll(() => seed(db));

  /** Pages of `size` over `seq`, concatenated. */
  const allPages = async (seq: ReturnType<typeof pubs>, size: number) => {
    const out: string[] = [];
    for (let skip = 0; skip < 20; skip += size)
      out.push(...labels(await seq.skip(skip).take(size).getMany()));
    return out;
  };

  it.each([1, 2, 3, 4])('pages of %i ordered by title concatenate to the full oracle order', async (size) => {
    const full = await titleOrder();
    expect(labels(await byTitle().getMany())).toEqual(full);
    expect(await allPages(byTitle(), size)).toEqual(full);
  });

  it('pages of 3 under NULLS FIRST and under the no-orderBy default concatenate to getMany()', async () => {
    const nullsFirst = pubs().orderBy('release', 'DESC', 'NULLS FIRST');
    const expected = await oracle(db, {
      orderBy: `${nullsTerm(db, db.q('release'), 'DESC', 'NULLS FIRST')}, ${tail('DESC')}`,
    });
    expect(await allPages(nullsFirst, 3)).toEqual(expected);
    expect(await allPages(pubs(), 3)).toEqual(labels(await pubs().getMany()));
  });

  it('skip(n).take(m) is the oracle LIMIT m OFFSET n', async () => {
    const got = labels(await pubs().orderBy('release', 'DESC').skip(5).take(4).getMany());
    expect(got).toEqual(
      await oracle(db, { orderBy: `${db.q('release')} DESC, ${tail('DESC')}`, limit: 4, offset: 5 }),
    );
  });

  it('skip(n) alone drops the first n rows', async () => {
    const full = await titleOrder();
    expect(labels(await byTitle().skip(3).getMany())).toEqual(full.slice(3));
    expect(labels(await pubs().skip(14).getMany())).toEqual(labels(await pubs().getMany()).slice(14));
  });

  it('take(n) alone keeps the first n rows', async () => {
    expect(labels(await byTitle().take(5).getMany())).toEqual((await titleOrder()).slice(0, 5));
  });

  it('reverse() then skip/take pages from the other end', async () => {
    const full = await titleOrder();
    expect(labels(await byTitle().reverse().take(3).getMany())).toEqual(full.slice(-3).reverse());
    expect(labels(await byTitle().reverse().skip(2).take(2).getMany())).toEqual(full.slice(-4, -2).reverse());
  });

  it('skip() and take() replace earlier values', async () => {
    const full = await titleOrder();
    expect(labels(await byTitle().skip(10).take(1).skip(2).take(3).getMany())).toEqual(full.slice(2, 5));
    expect(labels(await byTitle().take(2).take(undefined).getMany())).toEqual(full);
  });

  it('skip beyond the end gives [] and skip at the last row gives one row', async () => {
    expect(await byTitle().skip(16).getMany()).toEqual([]);
    expect(await byTitle().skip(100).take(3).getMany()).toEqual([]);
    expect(labels(await byTitle().skip(15).take(3).getMany())).toEqual((await titleOrder()).slice(15));
  });

  it('take(0) gives [] (at most one query)', async () => {
    const { result, queries } = await db.counted(() => byTitle().take(0).getMany());
    expect(result).toEqual([]);
    expect(queries.length).toBeLessThanOrEqual(1);
  });

  it('skip()/take() throw RangeError synchronously for negative, non-integer, NaN, before any SQL', async () => {
    const bad: ['skip' | 'take', number][] = [
      ['skip', -1],
      ['skip', 1.5],
      ['skip', NaN],
      ['take', -3],
      ['take', 0.5],
      ['take', NaN],
      ['take', Infinity],
    ];
    for (const [method, value] of bad) {
      const { result, queries } = await db.counted(async () => {
        try {
          pubs()[method](value);
        } catch (error) {
          return error;
        }
        return undefined;
      });
      expect([method, value, result]).toEqual([method, value, expect.any(RangeError)]);
      expect(queries).toEqual([]);
    }
  });

  it('a shallow page runs exactly 1 query: the key query carries the entity columns', async () => {
    const { result, queries } = await db.counted(() => pubs().orderBy('#').take(3).getMany());
    expect(labels(result)).toEqual(['Book:1', 'Book:2', 'Book:3']);
    expect(queries).toHaveLength(1);
  });

  it('a page of Books whose rows repeat through a to-many join runs exactly 2 queries (keys + Book)', async () => {
    const { result, queries } = await db.counted(() =>
      pubs().leftJoinAndSelect('tags').orderBy('#').take(3).getMany(),
    );
    expect(labels(result)).toEqual(['Book:1', 'Book:2', 'Book:3']);
    expect(queries).toHaveLength(2);
  });

  it('a page runs at most 1 + the number of entities present in it', async () => {
    const full = await titleOrder();
    for (const [skip, take] of [
      [0, 4],
      [4, 4],
      [0, 16],
      [10, 6],
    ]) {
      const { result, queries } = await db.counted(() => byTitle().skip(skip).take(take).getMany());
      expect(labels(result)).toEqual(full.slice(skip, skip + take));
      const entities = new Set(result.map((e) => e.constructor.name));
      expect(queries.length).toBeLessThanOrEqual(1 + entities.size);
    }
  });

  it('an empty page runs at most one query', async () => {
    const { result, queries } = await db.counted(() => byTitle().skip(40).take(5).getMany());
    expect(result).toEqual([]);
    expect(queries.length).toBeLessThanOrEqual(1);
  });
});
