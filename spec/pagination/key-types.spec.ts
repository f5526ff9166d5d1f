import 'reflect-metadata';
import { Column, Entity, PrimaryColumn, type ColumnOptions } from 'typeorm';
import { IncompatibleOrderingError, sequenceOf, type SequenceQueryBuilder } from '../../src';
import type { NullsPlacement, SortDirection } from '../../src/model/types';
import { availableDialects, type DialectName } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { expectWalkPages, walk } from './walk';

/*
 * Order keys of every type a differential fuzzer found positions losing, repeating or cycling on (issue
 * 12): 64-bit integers, 4-byte floats, one field of different numeric or date types in different
 * entities, and a field NULL-able in some entities and NOT NULL in others. Each case walks pages both
 * ways and streams, compared with the same database's hand-written UNION ALL … ORDER BY.
 */

type Row = [id: number, k: string | number | null];

interface Case {
  title: string;
  /** The key column of each entity (`k`), per dialect. */
  columns: (dialect: DialectName) => ColumnOptions[];
  /** The rows of each entity. */
  rows: Row[][];
  /** Orders to walk: ['k', ...] or ['#', 'k', ...]. */
  orders: { leadingIndex?: SortDirection; order: SortDirection; nulls?: NullsPlacement }[];
}

const BIG = '9223372036854775807';
const bigint = (nullable: boolean): ColumnOptions => ({ type: 'bigint', nullable });
const float = (dialect: DialectName): ColumnOptions => ({
  type: dialect === 'postgres' ? 'real' : 'float',
  nullable: true,
});
const double = (dialect: DialectName): ColumnOptions => ({
  type: dialect === 'postgres' ? 'double precision' : 'double',
  nullable: true,
});
const decimal: ColumnOptions = { type: 'decimal', precision: 10, scale: 2, nullable: true };
const int = (nullable = true): ColumnOptions => ({ type: 'int', nullable });

const BOTH_WAYS = [{ order: 'ASC' as const }, { order: 'DESC' as const }];

const CASES: Case[] = [
  {
    title: "char(n) on both entities (a cast to PostgreSQL's bare character would cut it to one letter)",
    columns: (d) => [
      { type: d === 'sqlite' ? 'character' : 'char', length: 6, nullable: true },
      { type: d === 'sqlite' ? 'character' : 'char', length: 6, nullable: false },
    ],
    rows: [
      [
        [1, 'abc'],
        [2, 'abd'],
        [3, null],
        [4, 'abc'],
        [5, 'b'],
      ],
      [
        [1, 'abb'],
        [2, 'abc'],
        [3, 'a'],
        [4, 'abz'],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: 'bigint beyond 2^53',
    columns: () => [bigint(true), bigint(false)],
    rows: [
      [
        [1, BIG],
        [2, '9007199254740993'],
        [3, null],
        [4, '-9223372036854775808'],
        [5, '9223372036854775806'],
        [6, '9007199254740993'],
      ],
      [
        [1, '9007199254740992'],
        [2, BIG],
        [3, '9223372036854775806'],
        [4, '9007199254740993'],
        [5, '1'],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: '4-byte float',
    columns: (d) => [float(d), float(d)],
    rows: [
      [
        [1, 0.1],
        [2, 0.2],
        [3, null],
        [4, 0.1],
        [5, 1.7],
      ],
      [
        [1, 0.1],
        [2, 0.3],
        [3, 1.7],
        [4, null],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: 'integer in one entity, decimal in another',
    columns: () => [int(), decimal],
    rows: [
      [
        [1, 1],
        [2, 2],
        [3, null],
        [4, 1],
        [5, 3],
      ],
      [
        [1, '1.50'],
        [2, '1.00'],
        [3, '2.00'],
        [4, '0.50'],
        [5, null],
        [6, '1.50'],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: 'smallint in one entity, bigint in another',
    columns: () => [{ type: 'smallint', nullable: true }, bigint(true)],
    rows: [
      [
        [1, 7],
        [2, -3],
        [3, null],
      ],
      [
        [1, '7'],
        [2, BIG],
        [3, '-3'],
        [4, null],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: '4-byte float in one entity, integer in another (equal once a float)',
    columns: (d) => [float(d), int()],
    rows: [
      [
        [1, 16777216],
        [2, 0.1],
        [3, null],
      ],
      [
        [1, 16777217],
        [2, 16777216],
        [3, 0],
        [4, null],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: "double, decimal and integer under '#' then the key",
    columns: (d) => [double(d), decimal, int()],
    rows: [
      [
        [1, 1.5],
        [2, 1],
        [3, 2.25],
      ],
      [
        [1, '1.50'],
        [2, '1.00'],
        [3, '2.00'],
        [4, '1.50'],
        [5, null],
      ],
      [
        [1, 1],
        [2, 2],
        [3, 1],
        [4, null],
        [5, 7],
      ],
    ],
    orders: [
      { leadingIndex: 'ASC', order: 'ASC' },
      { leadingIndex: 'DESC', order: 'ASC' },
      { leadingIndex: 'ASC', order: 'DESC' },
      { order: 'ASC' },
      { order: 'DESC' },
    ],
  },
  {
    title: 'timestamps in two entities, date in another',
    columns: (d) => [
      { type: d === 'postgres' ? 'timestamp' : 'datetime', nullable: true },
      { type: 'date', nullable: true },
      { type: d === 'postgres' ? 'timestamptz' : d === 'mysql' ? 'datetime' : 'datetime', nullable: true },
    ],
    rows: [
      [
        [1, '2024-01-01 00:00:00'],
        [2, '2024-01-01 12:00:00'],
        [3, '2024-01-02 00:00:00'],
        [4, null],
        [5, '2023-12-31 23:59:59'],
      ],
      [
        [1, '2024-01-01'],
        [2, '2024-01-02'],
        [3, null],
        [4, '2024-01-01'],
      ],
      [
        [1, '2024-01-01 12:00:00'],
        [2, '2024-01-01 00:00:00'],
        [3, '2024-01-03 00:00:00'],
      ],
    ],
    orders: BOTH_WAYS,
  },
  {
    title: 'NULL-able in one entity, NOT NULL in others',
    columns: () => [int(true), int(false), int(false)],
    rows: [
      [
        [1, null],
        [2, 3],
        [3, null],
        [4, 1],
      ],
      [
        [1, 1],
        [2, 2],
        [3, 5],
      ],
      [
        [1, 2],
        [2, 4],
      ],
    ],
    orders: [
      { order: 'ASC' },
      { order: 'DESC' },
      { order: 'ASC', nulls: 'NULLS FIRST' },
      { order: 'DESC', nulls: 'NULLS FIRST' },
      { order: 'ASC', nulls: 'NULLS LAST' },
      { order: 'DESC', nulls: 'NULLS LAST' },
      { leadingIndex: 'DESC', order: 'ASC', nulls: 'NULLS FIRST' },
    ],
  },
];

/** One entity class per table, each with an integer id and the case's key column `k`. */
function entitiesOf(prefix: string, columns: ColumnOptions[]): Function[] {
  return columns.map((options, i) => {
    @Entity(`${prefix}_${String.fromCharCode(97 + i)}`)
    class KeyHolder {
      @PrimaryColumn({ type: 'int' })
      id!: number;

      @Column(options)
      k!: unknown;
    }
    Object.defineProperty(KeyHolder, 'name', { value: `${prefix.toUpperCase()}${i}` });
    return KeyHolder;
  });
}

for (const dialect of availableDialects()) {
  describe(`paginate()/stream() keep every key type exact [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const prepared = CASES.map((c, n) => ({ ...c, entities: entitiesOf(`kt${n}`, c.columns(dialect)) }));
    // A time of day and a date: PostgreSQL's UNION cannot match them, MariaDB has no one comparison.
    const timeAndDate = entitiesOf('kt_td', [
      { type: 'time', nullable: true },
      { type: 'date', nullable: true },
    ]);
    const ph = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
    const q = (name: string) => db.q(name);
    const label = (e: object) => `${e.constructor.name}:${(e as any).id}`;

    beforeAll(async () => {
      await db.open([...prepared.flatMap((c) => c.entities), ...timeAndDate]);
      for (const c of prepared) {
        for (const [i, rows] of c.rows.entries()) {
          const table = db.dataSource.getMetadata(c.entities[i]).tableName;
          for (const [id, k] of rows) {
            await db.query(`INSERT INTO ${q(table)} (id, k) VALUES (${ph(1)}, ${ph(2)})`, [id, k]);
          }
        }
      }
    });
    afterAll(() => db.close());

    if (dialect !== 'sqlite') {
      it('a field with no common type to compare in is refused before any SQL, naming the field and entities', async () => {
        const seq = sequenceOf(db.dataSource, timeAndDate as any[]).orderBy('k' as any);
        const { queries } = await db.counted(async () => {
          await expect(seq.paginate({ first: 2 })).rejects.toThrow(IncompatibleOrderingError);
          await expect(seq.getMany()).rejects.toThrow(/'k'.*KT_TD0\.k is time.*KT_TD1\.k is date/);
        });
        expect(queries).toEqual([]);
      });
    }

    for (const c of prepared) {
      for (const o of c.orders) {
        const name = `${c.title}: ${o.leadingIndex ? `'#' ${o.leadingIndex}, ` : ''}k ${o.order}${o.nulls ? ` ${o.nulls}` : ''}`;
        const seq = (): SequenceQueryBuilder<any> => {
          const base = sequenceOf(db.dataSource, c.entities as any[]);
          return o.leadingIndex
            ? base.orderBy('#', o.leadingIndex).addOrderBy('k' as any, o.order, o.nulls)
            : base.orderBy('k' as any, o.order, o.nulls);
        };

        /** The database's own order of a hand-written UNION ALL of the entities. */
        const oracle = async (): Promise<string[]> => {
          const branches = c.entities.map(
            (e, i) => `SELECT ${i} AS idx, id, k FROM ${q(db.dataSource.getMetadata(e).tableName)}`,
          );
          const key =
            o.nulls === undefined
              ? `k ${o.order}`
              : dialect === 'mysql'
                ? `(k IS NULL) ${o.nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, k ${o.order}`
                : `k ${o.order} ${o.nulls}`;
          const lead = o.leadingIndex ? `idx ${o.leadingIndex}, ` : '';
          const rows = await db.query(
            `SELECT idx, id FROM (${branches.join(' UNION ALL ')}) u ` +
              `ORDER BY ${lead}${key}, idx ${o.order}, id ${o.order}`,
          );
          return rows.map((r) => `${c.entities[Number(r.idx)].name}:${r.id}`);
        };

        it(`${name}: getMany() is the database's order (the oracle agrees with the sequence)`, async () => {
          const expected = await oracle();
          expect(expected).toHaveLength(c.rows.flat().length);
          expect((await seq().getMany()).map(label)).toEqual(expected);
        });

        it(`${name}: walks of pages of 1, 2 and 3 visit every row once, in order, both ways`, async () => {
          const expected = await oracle();
          for (const size of [1, 2, 3]) {
            const maxPages = expected.length + 2;
            for (const direction of ['forward', 'backward'] as const) {
              const walked = await walk(seq(), direction, size, { maxPages });
              expect({ size, direction, rows: walked.items.map(label) }).toEqual({
                size,
                direction,
                rows: expected,
              });
              expectWalkPages(walked, direction, size, expected.length);
            }
          }
        });

        it(`${name}: stream({ batchSize: 1 and 2 }) yields every row once, in order, and ends`, async () => {
          const expected = await oracle();
          for (const batchSize of [1, 2]) {
            const got: string[] = [];
            for await (const entity of seq().stream({ batchSize })) {
              got.push(label(entity));
              if (got.length > expected.length * 2) break; // a stream that repeats rows forever
            }
            expect({ batchSize, got }).toEqual({ batchSize, got: expected });
          }
        });
      }
    }
  });
}
