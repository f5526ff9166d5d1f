import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { InvalidCursorError, sequenceOf, type PaginateOptions } from '../../src';
import { availableDialects, type DialectName } from '../support/dialects';
import { nullsTerm } from '../support/order-terms';
import { TestDatabase } from '../support/test-database';
import { fuzzEntities } from './fuzz-entities';

/*
 * Thousands of mutated cursors per database: real cursors of pages over keys of every family (integers,
 * decimal, float, text, date, timestamps with and without a zone, time, boolean, uuid), decoded, their
 * values and keys mutated, re-encoded (unsigned, and signed with the secret as a client holding it
 * could), and byte-level mutations of the encoded text. Each one must give a page or InvalidCursorError
 * before any SQL; the database must never answer a statement with an error.
 */

type Key = readonly [path: string, order: 'ASC' | 'DESC', nulls?: 'NULLS FIRST' | 'NULLS LAST'];
const ORDERINGS: readonly (readonly Key[])[] = [
  [],
  [['small', 'ASC']],
  [['big', 'DESC']],
  [['dec', 'ASC']],
  [['real', 'DESC']],
  [['label', 'ASC', 'NULLS FIRST']],
  [['day', 'DESC']],
  [['at', 'ASC']],
  [['atz', 'DESC', 'NULLS LAST']],
  [['clock', 'ASC']],
  [
    ['flag', 'ASC'],
    ['ref', 'DESC'],
  ],
];
const SECRET = 'fuzz-secret';
const SEED = 20261130;

/** Values of the rows (both entities take row i's values: ties across builders), NULLs among them. */
function rowValues(dialect: DialectName, i: number) {
  const pick = <T>(list: readonly T[]) => list[i % list.length];
  const pg = dialect === 'postgres';
  // SQLite hands integers beyond 2^53 out rounded: keys there stay within JavaScript's safe integers
  const bigMax = dialect === 'sqlite' ? '9007199254740991' : '9223372036854775807';
  const bigMin = dialect === 'sqlite' ? '-9007199254740991' : '-9223372036854775808';
  return {
    small: pick([-32768, 32767, 0, null, 7]),
    big: pick([bigMax, bigMin, '0', null, '42', '-1']),
    dec: pick(['-99999999.99', '99999999.99', '0.01', null, '0.00']),
    // exact in 4 bytes, so every database gives the stored value back as is
    real: pick([1.5, -3.25, 0.125, null, 65504, -1024.5, 0]),
    label: pick(['', 'a', 'A', 'é', null, 'z😀', 'ab']),
    day: pick(['2020-02-29', '1999-12-31', '2000-01-01', null, '1000-01-01', '9999-12-31']),
    at: pick([new Date('2020-02-29T23:59:59.999Z'), new Date('1999-12-31T00:00:00.001Z'), null]),
    atz: pick([new Date('2024-03-10T12:34:56.789Z'), null, new Date('1971-01-01T00:00:00.000Z')]),
    clock: pick(
      pg
        ? ['10:00:00.5+05:30', '23:59:59.999999-15:59', null, '00:00:00+00']
        : dialect === 'mysql'
          ? ['10:00:00', '-838:59:59', null, '838:59:59']
          : ['10:00:00', '23:59:59', null, '00:00:00'],
    ),
    flag: pick([true, false, null]),
    ref: pick([
      '0b7e3e1c-1111-4222-8333-444455556666',
      null,
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
      '00000000-0000-4000-8000-000000000000',
    ]),
  };
}
const ROWS = 9;

/** Values that each database has refused or silently converted in a cursor slot, and other junk. */
const NASTY: readonly unknown[] = [
  '2020-14-01',
  '2020-02-30',
  '2021-02-29',
  '2020-01-01 25:00:00',
  '2020-01-01 10:61:00',
  '2020-01-01 10:00:00+16:00',
  '2020-01-01 10:00:00.1234567',
  '0000-00-00',
  '0000-01-01',
  'infinity',
  '10000-01-01',
  '2020-01-01T10:00:00Z',
  '24:00:00',
  '10:00:00+99',
  '1.5',
  1.5,
  '1e999',
  '1e5',
  '.5',
  '5.',
  '-',
  '9007199254740994',
  9007199254740994,
  2 ** 63,
  1e21,
  -1e308,
  1e39,
  1e-46,
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '32768',
  '2147483648',
  '123456789012.5',
  '0.001',
  'NaN',
  'Infinity',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '',
  ' 5',
  '5abc',
  'true',
  'null',
  '00000000-0000-0000-0000-00000000000g',
  '{0b7e3e1c-1111-4222-8333-444455556666}',
  0,
  -0,
  1,
  2,
  -1,
  true,
  false,
  null,
  [],
  {},
  [1],
  { a: 1 },
];

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 6 },
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double({ noNaN: true }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.uuid(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A small change to a real value: a digit or a character replaced, text appended, a type changed. */
function tweak(value: unknown, at: number, op: number, digit: number): unknown {
  const text = String(value);
  const i = text.length === 0 ? 0 : at % text.length;
  switch (op) {
    case 0:
      return text.slice(0, i) + digit + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + ['.', '-', ':', ' ', 'e', '+', 'Z', '\u0000'][digit % 8] + text.slice(i + 1);
    case 2:
      return text + ['.5', '0', 'Z', '+16:00', ' BC', '.1234567', '\u0000', 'e999'][digit % 8];
    case 3:
      return text.slice(0, i);
    case 4:
      return typeof value === 'number' ? String(value) : Number(value);
    case 5:
      return typeof value === 'number' ? value * 2 ** 53 + 0.5 : `${text}${text}`;
    default:
      return typeof value === 'number' ? value + 0.5 : -Number(value);
  }
}

type Json = Record<string, any>;
const decode = (cursor: string): Json =>
  JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8'));
const encode = (value: unknown, secret?: string) => {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return secret ? `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}` : payload;
};

/** One change to a decoded cursor. */
const mutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(), value: nasty }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant('tweak' as const),
      key: fc.nat(),
      at: fc.nat(),
      op: fc.nat(6),
      digit: fc.nat(9),
    }),
    weight: 5,
  },
  fc.record({ kind: fc.constant('delete' as const), key: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    name: fc.constantFrom('seq_k0', 'seq_k1', 'seq_t0_p0', 'seq_t1_p0', 'seq_idx', 'x', '__proto__'),
    value: nasty,
  }),
  fc.record({ kind: fc.constant('position' as const), value: nasty }),
  fc.record({ kind: fc.constant('top' as const), name: fc.constantFrom('v', 'f', 'p', 'x'), value: nasty }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(decoded: Json, change: Mutation): Json {
  const copy: Json = {
    ...decoded,
    p: decoded.p && typeof decoded.p === 'object' ? { ...decoded.p } : decoded.p,
  };
  const p = copy.p && typeof copy.p === 'object' && !Array.isArray(copy.p) ? copy.p : undefined;
  const keys = p ? Object.keys(p) : [];
  const keyAt = (n: number) => keys[n % keys.length];
  switch (change.kind) {
    case 'set':
      if (p && keys.length) p[keyAt(change.key)] = change.value;
      break;
    case 'tweak':
      if (p && keys.length) {
        const key = keyAt(change.key);
        p[key] = tweak(p[key], change.at, change.op, change.digit);
      }
      break;
    case 'delete':
      if (p && keys.length) delete p[keyAt(change.key)];
      break;
    case 'add':
      if (p) Object.defineProperty(p, change.name, { value: change.value, enumerable: true, writable: true });
      break;
    case 'position':
      copy.p = change.value;
      break;
    case 'top':
      copy[change.name] = change.value;
      break;
  }
  return copy;
}

/** A change to the encoded text itself: a character replaced, inserted or removed, or a cut. */
const byteMutation = fc.record({
  op: fc.nat(3),
  at: fc.nat(),
  char: fc.constantFrom(...'AZaz09-_.=+/ %\u0000é'.split('')),
  signed: fc.boolean(),
  which: fc.nat(),
});

/** Per key, values no cursor of this sequence can hold there: each database refuses or converts them. */
function REFUSED(dialect: DialectName): Record<string, readonly unknown[]> {
  const server = dialect !== 'sqlite'; // SQLite keeps any integer in 64 bits and any text in a date column
  const notInteger = [
    1.5,
    '1.5',
    '.5',
    '5.',
    '1e999',
    '1e5',
    ' 5',
    '5abc',
    '',
    true,
    '99999999999999999999999',
  ];
  return {
    id: [...notInteger, 'x'],
    small: [...notInteger, ...(server ? ['32768', -32769, 9007199254740994] : [])],
    big: [
      ...notInteger,
      '9223372036854775808',
      '-9223372036854775809',
      ...(server ? [9007199254740994] : []),
    ],
    dec: [
      '.5',
      '5.',
      '1e5',
      'abc',
      true,
      '0x10',
      '--1',
      '1.5.5',
      ...(server ? ['123456789012.5', '0.001', 1e9, -1e300] : []),
    ],
    real: ['1.5', true, 'abc', ...(server ? [1e39, 1e-46] : [])],
    label: [5, true, '\ud800', 'x\udfff', ...(dialect === 'postgres' ? ['a\u0000b'] : [])],
    day: [
      '2020-14-01',
      '2020-02-30',
      '2021-02-29',
      '2020-1-01',
      '20200101',
      5,
      ...(server ? ['2020-01-01 10:00:00'] : []),
    ],
    at: [
      '2020-01-01 25:00:00',
      '2020-01-01 10:60:00',
      '2020-01-01 10:00:61',
      '2020-13-01 10:00:00',
      '2020-01-01 10:00:00.1234567890',
      'yesterday',
      1577872800000,
      ...(server ? ['2020-01-01 10:00:00+05:00', '2020-01-01 10:00:00.1234567'] : []),
    ],
    atz: [
      '2020-01-01 10:00:00+16:00',
      '2020-01-01 10:00:00+15:60',
      ...(dialect === 'postgres' ? ['2020-01-01 10:00:00'] : []),
    ],
    clock: ['10:60:00', '10:00:00+16', 'noon', ...(dialect === 'mysql' ? ['839:00:00'] : ['25:00:00'])],
  };
}

for (const dialect of availableDialects()) {
  describe(`paginate(): mutated cursors give a page or InvalidCursorError, never a database error [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const { FuzzInt, FuzzUuid } = fuzzEntities(dialect);
    const q = (name: string) => db.q(name);
    /** Per ordering, its real cursors: every row's, unsigned and signed. */
    const cursors: { plain: string; signed: string }[][] = [];

    const sequence = (keys: readonly Key[]) =>
      keys.reduce(
        (seq, [path, order, nulls], i) =>
          i === 0 ? seq.orderBy(path as never, order, nulls) : seq.addOrderBy(path as never, order, nulls),
        sequenceOf(db.dataSource, [FuzzInt, FuzzUuid]),
      );

    /** The hand-written UNION ALL with the keys, then `#`, then the primary keys, in the last key's direction. */
    async function oracle(keys: readonly Key[]): Promise<string[]> {
      const pg = dialect === 'postgres';
      const columns = keys.map(([path]) => `, t.${q(path)} AS ${q(path)}`).join('');
      const branch = (index: number, table: string, int: boolean) =>
        `SELECT ${index} AS idx, ${int ? 't.id' : pg ? 'CAST(NULL AS integer)' : 'NULL'} AS ipk, ` +
        `${int ? (pg ? 'CAST(NULL AS uuid)' : 'NULL') : 't.id'} AS upk${columns} FROM ${q(table)} t`;
      const tail = keys.length ? keys[keys.length - 1][1] : 'ASC';
      const terms = [
        ...keys.map(([path, order, nulls]) =>
          nulls ? nullsTerm(db, q(path), order, nulls) : `${q(path)} ${order}`,
        ),
        `idx ${tail}`,
        `ipk ${tail}`,
        `upk ${tail}`,
      ];
      const rows = await db.query(
        `SELECT idx, ipk, upk FROM (${branch(0, 'fuzz_int', true)} UNION ALL ${branch(1, 'fuzz_uuid', false)}) u ` +
          `ORDER BY ${terms.join(', ')}`,
      );
      return rows.map((r) => (Number(r.idx) === 0 ? `int:${r.ipk}` : `uuid:${r.upk}`));
    }
    const label = (entity: object) =>
      entity instanceof FuzzInt ? `int:${entity.id}` : `uuid:${(entity as InstanceType<typeof FuzzUuid>).id}`;

    beforeAll(async () => {
      await db.open([FuzzInt, FuzzUuid]);
      const rows = Array.from({ length: ROWS }, (_, i) => rowValues(dialect, i));
      await db.dataSource.getRepository(FuzzInt).insert(rows.map((r, i) => ({ ...r, id: i + 1 })));
      await db.dataSource
        .getRepository(FuzzUuid)
        .insert(
          rows.map((r, i) => ({ ...r, id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}` })),
        );
      for (const keys of ORDERINGS) {
        const [plain, signed] = await Promise.all([
          sequence(keys).paginate({ first: 2 * ROWS }),
          sequence(keys).paginate({ first: 2 * ROWS, secret: SECRET }),
        ]);
        cursors.push(plain.edges.map((e, i) => ({ plain: e.cursor, signed: signed.edges[i].cursor })));
      }
    });
    afterAll(() => db.close());

    /** A page after (or before) the cursor, or InvalidCursorError with no SQL; never a database error. */
    async function outcome(keys: readonly Key[], options: PaginateOptions): Promise<'page' | 'refused'> {
      db.logger.reset();
      try {
        const page = await sequence(keys).paginate(options);
        expect(page.items.length).toBeLessThanOrEqual(3);
        expect(db.logger.errors).toEqual([]);
        return 'page';
      } catch (error) {
        if (!(error instanceof InvalidCursorError)) throw error;
        expect({ error: error.message, queries: db.logger.queries, errors: db.logger.errors }).toEqual({
          error: error.message,
          queries: [],
          errors: [],
        });
        return 'refused';
      }
    }
    const towards = (cursor: string, backward: boolean, secret?: string): PaginateOptions =>
      backward ? { last: 3, before: cursor, secret } : { first: 3, after: cursor, secret };

    it('the logger records a statement the database refuses (the check below can fail)', async () => {
      // failing when run, not when prepared: TypeORM 0.3 logs no error of better-sqlite3's prepare()
      const failing =
        dialect === 'sqlite' ? 'SELECT abs(-9223372036854775807 - 1)' : 'SELECT * FROM fuzz_no_such_table';
      db.logger.reset();
      await expect(db.query(failing)).rejects.toThrow();
      expect(db.logger.errors).toEqual([{ query: failing, message: expect.any(String) }]);
    });

    it('every real cursor, signed or not, is taken and pages as the hand-written UNION ALL orders', async () => {
      for (const [o, keys] of ORDERINGS.entries()) {
        const expected = await oracle(keys);
        expect(cursors[o]).toHaveLength(2 * ROWS);
        for (const [i, { plain, signed }] of cursors[o].entries()) {
          db.logger.reset();
          const after = await sequence(keys).paginate({ first: 3, after: plain });
          const before = await sequence(keys).paginate({ last: 3, before: signed, secret: SECRET });
          expect({ o, i, after: after.items.map(label), before: before.items.map(label) }).toEqual({
            o,
            i,
            after: expected.slice(i + 1, i + 4),
            before: expected.slice(Math.max(0, i - 3), i),
          });
          expect(db.logger.errors).toEqual([]);
        }
      }
    });

    it('values a database refuses or converts are InvalidCursorError on every database, naming the field', async () => {
      const refused = REFUSED(dialect);
      for (const [o, keys] of ORDERINGS.entries()) {
        const path = keys[0]?.[0] ?? 'id';
        const decoded = decode(cursors[o][0].plain);
        const slot = keys.length ? 'seq_k0' : 'seq_t0_p0';
        for (const value of refused[path] ?? []) {
          const cursor = encode({ ...decoded, p: { ...decoded.p, [slot]: value } });
          db.logger.reset();
          const error = await sequence(keys)
            .paginate({ first: 3, after: cursor })
            .then(
              () => undefined,
              (e: Error) => e,
            );
          expect({ path, value, error: error?.message, queries: db.logger.queries }).toEqual({
            path,
            value,
            error: expect.stringMatching(
              new RegExp(`^Invalid cursor: the value for Fuzz(Int|Uuid)\\.${path} `),
            ),
            queries: [],
          });
          expect(error).toBeInstanceOf(InvalidCursorError);
        }
      }
    });

    it('a number given as its text, or a text as its number, pages as the real cursor does', async () => {
      let checked = 0;
      for (const [o, keys] of ORDERINGS.entries()) {
        const path = keys[0]?.[0];
        if (!path || !['small', 'big', 'dec'].includes(path)) continue;
        const expected = await oracle(keys);
        for (const [i, { plain }] of cursors[o].entries()) {
          const decoded = decode(plain);
          const value = decoded.p.seq_k0;
          const same = typeof value === 'number' ? String(value) : Number(value);
          // the same number written the same way (a page starts after the row whose values read the same)
          if (
            value === null ||
            String(same) !== String(value) ||
            !Number.isSafeInteger(Math.trunc(Number(value)))
          )
            continue;
          const after = encode({ ...decoded, p: { ...decoded.p, seq_k0: same } });
          const page = await sequence(keys).paginate({ first: 3, after });
          checked++;
          expect({ path, value, same, items: page.items.map(label) }).toEqual({
            path,
            value,
            same,
            items: expected.slice(i + 1, i + 4),
          });
        }
      }
      expect(checked).toBeGreaterThan(20);
    });

    it('2 000 cursors with mutated values or keys, re-encoded unsigned or re-signed, give a page or InvalidCursorError', async () => {
      const seen = { page: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.nat(ORDERINGS.length - 1),
          fc.nat(),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          fc.boolean(),
          async (o, row, changes, signed, backward) => {
            const real = cursors[o][row % cursors[o].length];
            const decoded = changes.reduce(mutate, decode(real.plain));
            const secret = signed ? SECRET : undefined;
            seen[await outcome(ORDERINGS[o], towards(encode(decoded, secret), backward, secret))]++;
          },
        ),
        { seed: SEED, numRuns: 2000 },
      );
      // both ways were taken: the check is neither "refuse everything" nor "refuse nothing"
      expect(seen.page).toBeGreaterThan(100);
      expect(seen.refused).toBeGreaterThan(1000);
    });

    it('800 byte-level mutations of encoded cursors give a page or InvalidCursorError', async () => {
      const seen = { page: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.nat(ORDERINGS.length - 1),
          fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
          async (o, changes) => {
            const real = cursors[o][changes[0].which % cursors[o].length];
            const signed = changes[0].signed;
            const cursor = changes.reduce(
              (text, { op, at, char }) => {
                const i = at % (text.length + 1);
                if (op === 0) return text.slice(0, i) + char + text.slice(i + 1);
                if (op === 1) return text.slice(0, i) + char + text.slice(i);
                if (op === 2) return text.slice(0, i) + text.slice(i + 1);
                return text.slice(0, i);
              },
              signed ? real.signed : real.plain,
            );
            seen[
              await outcome(
                ORDERINGS[o],
                towards(cursor, changes[0].at % 2 === 1, signed ? SECRET : undefined),
              )
            ]++;
          },
        ),
        { seed: SEED, numRuns: 800 },
      );
      expect(seen.refused).toBeGreaterThan(400);
    });
  });
}
