import fc from 'fast-check';
import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { Alpha, Beta, Gamma, PROPERTY_ENTITIES, propertyLabel } from './random-entities';
import { expectWalkPages, walk } from './walk';

type Direction = 'ASC' | 'DESC';
type Nulls = 'NULLS FIRST' | 'NULLS LAST' | undefined;
interface Key {
  path: 'n' | 's' | 'd' | '#';
  order: Direction;
  nulls: Nulls;
}
const fields = {
  n: fc.option(fc.integer({ min: -1, max: 2 }), { nil: null, freq: 4 }),
  // A tiny alphabet: many ties, and case/prefix pairs that collations order differently.
  s: fc.option(fc.constantFrom('a', 'A', 'b', 'ab', ''), { nil: null, freq: 4 }),
  d: fc.option(fc.constantFrom('2020-01-01', '2020-01-02', '2021-06-15'), { nil: null, freq: 4 }),
};

const data = fc.record({
  alpha: fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 40 }), ...fields }), {
    selector: (r) => r.id,
    maxLength: 8,
  }),
  beta: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z]{1,3}$/), ...fields }), {
    selector: (r) => r.id,
    maxLength: 8,
  }),
  gamma: fc.uniqueArray(
    fc.record({ a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 3 }), ...fields }),
    { selector: (r) => `${r.a}-${r.b}`, maxLength: 8 },
  ),
});

const ordering = fc.record({
  keys: fc.uniqueArray(
    fc.record({
      path: fc.constantFrom('n', 's', 'd', '#') as fc.Arbitrary<Key['path']>,
      order: fc.constantFrom('ASC', 'DESC') as fc.Arbitrary<Direction>,
      nulls: fc.constantFrom(undefined, 'NULLS FIRST', 'NULLS LAST') as fc.Arbitrary<Nulls>,
    }),
    { selector: (k) => k.path, minLength: 1, maxLength: 3 },
  ),
  reversed: fc.boolean(),
  size: fc.constantFrom<number>(1, 2, 3, 5, 100),
});

type Data = typeof data extends fc.Arbitrary<infer D> ? D : never;
type Ordering = typeof ordering extends fc.Arbitrary<infer O> ? O : never;

const flipOrder = (o: Direction): Direction => (o === 'ASC' ? 'DESC' : 'ASC');
const flipNulls = (n: Nulls): Nulls =>
  n === undefined ? undefined : n === 'NULLS FIRST' ? 'NULLS LAST' : 'NULLS FIRST';

for (const dialect of availableDialects()) {
  describe(`paginate() property: random rows and orderings [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const q = (name: string) => db.q(name);

    beforeAll(() => db.open(PROPERTY_ENTITIES));
    afterAll(() => db.close());

    async function load(rows: Data): Promise<void> {
      for (const entity of PROPERTY_ENTITIES) await db.dataSource.getRepository(entity).clear();
      const m = db.dataSource.manager;
      if (rows.alpha.length) await m.insert(Alpha, rows.alpha);
      if (rows.beta.length) await m.insert(Beta, rows.beta);
      if (rows.gamma.length) await m.insert(Gamma, rows.gamma);
    }

    function sequence(o: Ordering): SequenceQueryBuilder<Alpha | Beta | Gamma> {
      let seq = sequenceOf(db.dataSource, [Alpha, Beta, Gamma]);
      o.keys.forEach((k, i) => {
        seq = i === 0 ? seq.orderBy(k.path, k.order, k.nulls) : seq.addOrderBy(k.path, k.order, k.nulls);
      });
      return o.reversed ? seq.reverse() : seq;
    }

    /** One ORDER BY term; MariaDB has no NULLS FIRST/LAST, so there it is an `IS NULL` key first. */
    function term(expr: string, order: Direction, nulls: Nulls): string {
      if (!nulls) return `${expr} ${order}`;
      if (dialect === 'mysql')
        return `(${expr} IS NULL) ${nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, ${expr} ${order}`;
      return `${expr} ${order} ${nulls}`;
    }

    /**
     * The hand-written UNION ALL ORDER BY: the keys, then '#', then the primary keys, the last two in
     * the direction of the last key; reverse() flips every direction and explicit NULL placement.
     */
    async function oracle(o: Ordering, where?: string): Promise<string[]> {
      const pg = dialect === 'postgres';
      const nullInt = pg ? 'CAST(NULL AS integer)' : 'NULL';
      const nullText = pg ? 'CAST(NULL AS varchar)' : 'NULL';
      const values = `${q('n')} AS n, ${q('s')} AS s, ${q('d')} AS d`;
      const sql =
        `SELECT idx, pa, pb, ga, gb FROM (` +
        `SELECT 0 AS idx, id AS pa, ${nullText} AS pb, ${nullInt} AS ga, ${nullInt} AS gb, ${values} FROM ${q('prop_alpha')} ` +
        `UNION ALL SELECT 1, ${nullInt}, id, ${nullInt}, ${nullInt}, ${values} FROM ${q('prop_beta')} ` +
        `UNION ALL SELECT 2, ${nullInt}, ${nullText}, a, b, ${values} FROM ${q('prop_gamma')}` +
        `) u ${where ? `WHERE ${where} ` : ''}ORDER BY `;
      const keys = o.keys.map((k) => ({
        expr: k.path === '#' ? 'idx' : k.path,
        order: o.reversed ? flipOrder(k.order) : k.order,
        nulls: o.reversed ? flipNulls(k.nulls) : k.nulls,
      }));
      const tail = keys[keys.length - 1].order;
      const terms = [
        ...keys.map((k) => term(k.expr, k.order, k.nulls)),
        ...['idx', 'pa', 'pb', 'ga', 'gb'].map((c) => `${c} ${tail}`),
      ];
      const rows = await db.query(sql + terms.join(', '));
      return rows.map((r) => {
        const idx = Number(r.idx);
        return idx === 0 ? `Alpha:${r.pa}` : idx === 1 ? `Beta:${r.pb}` : `Gamma:${r.ga}-${r.gb}`;
      });
    }

    it('getMany() is the hand-written UNION ALL ORDER BY; walks forward and backward and stream() equal it', async () => {
      await fc.assert(
        fc.asyncProperty(data, ordering, async (rows, o) => {
          await load(rows);
          const seq = sequence(o);
          const expected = await oracle(o);
          expect(expected).toHaveLength(rows.alpha.length + rows.beta.length + rows.gamma.length);
          expect((await seq.getMany()).map(propertyLabel)).toEqual(expected);

          const forward = await walk(seq, 'forward', o.size);
          expect(forward.items.map(propertyLabel)).toEqual(expected);
          expectWalkPages(forward, 'forward', o.size, expected.length);

          const backward = await walk(seq, 'backward', o.size);
          expect(backward.items.map(propertyLabel)).toEqual(expected);
          expectWalkPages(backward, 'backward', o.size, expected.length);

          const streamed: string[] = [];
          for await (const row of seq.stream({ batchSize: o.size })) streamed.push(propertyLabel(row));
          expect(streamed).toEqual(expected);
        }),
        { numRuns: 25 },
      );
    }, 120_000);

    it('no orderBy: builder by builder by primary key, walked both ways and reversed', async () => {
      await fc.assert(
        fc.asyncProperty(data, fc.boolean(), fc.constantFrom(1, 2, 4), async (rows, reversed, size) => {
          await load(rows);
          const plain = sequenceOf(db.dataSource, [Alpha, Beta, Gamma]);
          const seq = reversed ? plain.reverse() : plain;
          const expected = await oracle({
            keys: [{ path: '#', order: 'ASC', nulls: undefined }],
            reversed,
            size,
          });
          expect((await seq.getMany()).map(propertyLabel)).toEqual(expected);
          expect((await walk(seq, 'forward', size)).items.map(propertyLabel)).toEqual(expected);
          expect((await walk(seq, 'backward', size)).items.map(propertyLabel)).toEqual(expected);
        }),
        { numRuns: 10 },
      );
    }, 120_000);

    /** [sequence condition, parameters, the same condition over the oracle's union]. */
    const FILTERS: [string, Record<string, unknown>, string][] = [
      ['item.n >= :lo', { lo: 0 }, 'n >= 0'],
      ['item.n IS NULL OR item.s = :s', { s: 'a' }, `n IS NULL OR s = 'a'`],
      ['item.d > :d', { d: '2020-01-01' }, `d > '2020-01-01'`],
    ];

    it('with a random where(): getMany(), both walks and stream() are the filtered oracle', async () => {
      await fc.assert(
        fc.asyncProperty(
          data,
          ordering,
          fc.constantFrom(...FILTERS),
          async (rows, o, [cond, params, sql]) => {
            await load(rows);
            const seq = sequence(o).where(cond, params);
            const expected = await oracle(o, sql);
            expect((await seq.getMany()).map(propertyLabel)).toEqual(expected);
            expect((await walk(seq, 'forward', o.size)).items.map(propertyLabel)).toEqual(expected);
            expect((await walk(seq, 'backward', o.size)).items.map(propertyLabel)).toEqual(expected);
            const streamed: string[] = [];
            for await (const row of seq.stream({ batchSize: o.size })) streamed.push(propertyLabel(row));
            expect(streamed).toEqual(expected);
          },
        ),
        { numRuns: 30 },
      );
    }, 120_000);
  });
}
