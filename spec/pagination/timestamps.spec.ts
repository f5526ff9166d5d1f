import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { sequenceOf } from '../../src';
import { microsecondTimestamp } from '../support/column-types';
import { availableDialects, type DialectName } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { expectWalkPages, walk } from './walk';

/**
 * Two entities with a timestamp kept to the microsecond: PostgreSQL `timestamp` (µs by default),
 * MariaDB `datetime(6)`, SQLite text. A JavaScript Date only holds milliseconds, so a cursor that went
 * through one would skip or repeat rows that differ only in microseconds.
 */
function tickEntities(dialect: DialectName) {
  const at = microsecondTimestamp(dialect);

  @Entity('tick_a')
  class TickA {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column(at)
    at!: Date | null;
  }

  @Entity('tick_b')
  class TickB {
    @PrimaryColumn({ type: 'varchar', length: 20 })
    id!: string;

    @Column(at)
    at!: Date | null;
  }
  return { TickA, TickB };
}

const SECOND = '2024-03-10 12:34:56';
/** [entity, id, timestamp]: µs apart, exact ties (in one entity and across both), one millisecond shared by many. */
const ROWS: ['a' | 'b', string, string | null][] = [
  ['a', '1', `${SECOND}.000000`],
  ['a', '2', `${SECOND}.000001`],
  ['b', 'p', `${SECOND}.000001`],
  ['a', '3', `${SECOND}.000001`],
  ['b', 'q', `${SECOND}.000002`],
  ['a', '4', `${SECOND}.000999`],
  ['b', 'r', `${SECOND}.001000`],
  ['a', '5', `${SECOND}.001001`],
  ['a', '6', `${SECOND}.123456`],
  ['b', 's', `${SECOND}.123457`],
  ['a', '7', `${SECOND}.123457`],
  ['b', 't', `${SECOND}.123457`],
  ['a', '8', `${SECOND}.123458`],
  ['b', 'u', `${SECOND}.123999`],
  ['a', '9', `${SECOND}.999999`],
  ['b', 'v', '2024-03-10 12:34:57.000000'],
  ['a', '10', null],
  ['b', 'w', null],
  ['a', '11', '2023-12-31 23:59:59.999999'],
];

for (const dialect of availableDialects()) {
  describe(`paginate()/stream() by a timestamp with microseconds [${dialect}]`, () => {
    const { TickA, TickB } = tickEntities(dialect);
    const db = new TestDatabase(dialect);
    const seq = () => sequenceOf(db.dataSource, [TickA, TickB]);
    const label = (e: object) => `${e.constructor.name}:${(e as any).id}`;
    const ph = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
    const q = (name: string) => db.q(name);

    /** The database's order for a hand-written UNION ALL ORDER BY (NULL placement the database's own). */
    const oracle = async (order: 'ASC' | 'DESC') => {
      const nullText = dialect === 'postgres' ? 'CAST(NULL AS varchar)' : 'NULL';
      const nullInt = dialect === 'postgres' ? 'CAST(NULL AS integer)' : 'NULL';
      const rows = await db.query(
        `SELECT idx, ipk, spk FROM (` +
          `SELECT 0 AS idx, id AS ipk, ${nullText} AS spk, ${q('at')} AS t FROM ${q('tick_a')} UNION ALL ` +
          `SELECT 1 AS idx, ${nullInt} AS ipk, id AS spk, ${q('at')} AS t FROM ${q('tick_b')}` +
          `) u ORDER BY t ${order}, idx ${order}, ipk ${order}, spk ${order}`,
      );
      return rows.map((r) => (Number(r.idx) === 0 ? `TickA:${r.ipk}` : `TickB:${r.spk}`));
    };

    beforeAll(async () => {
      await db.open([TickA, TickB]);
      for (const [entity, id, at] of ROWS) {
        const table = entity === 'a' ? 'tick_a' : 'tick_b';
        await db.query(`INSERT INTO ${q(table)} (id, ${q('at')}) VALUES (${ph(1)}, ${ph(2)})`, [
          entity === 'a' ? Number(id) : id,
          at,
        ]);
      }
    });
    afterAll(() => db.close());

    it('the database kept every microsecond (the data really differs below a millisecond)', async () => {
      const distinct = new Set(ROWS.filter((r) => r[2] !== null).map((r) => r[2])).size;
      const [{ n }] = await db.query(
        `SELECT COUNT(DISTINCT t) AS n FROM (SELECT ${q('at')} AS t FROM ${q('tick_a')} UNION ALL ` +
          `SELECT ${q('at')} AS t FROM ${q('tick_b')}) u`,
      );
      expect(Number(n)).toBe(distinct);
      expect(distinct).toBe(13);
      // Cut to milliseconds (what a Date holds), many of them would collide.
      const millis = new Set(ROWS.filter((r) => r[2] !== null).map((r) => r[2]!.slice(0, 23))).size;
      expect(millis).toBe(6);
      const [{ m }] = await db.query(
        `SELECT COUNT(*) AS m FROM ${q('tick_a')} WHERE ${q('at')} > ${ph(1)} AND ${q('at')} < ${ph(2)}`,
        [`${SECOND}.000000`, `${SECOND}.000002`],
      );
      expect(Number(m)).toBe(2);
    });

    it.each(['ASC', 'DESC'] as const)("getMany() by 'at' %s is the database's order", async (order) => {
      const expected = await oracle(order);
      expect(expected).toHaveLength(ROWS.length);
      expect((await seq().orderBy('at', order).getMany()).map(label)).toEqual(expected);
    });

    it.each(['ASC', 'DESC'] as const)(
      "walking pages of 1, 2, 3 and 4 by 'at' %s visits every row once, in order, both ways",
      async (order) => {
        const expected = await oracle(order);
        for (const size of [1, 2, 3, 4]) {
          const forward = await walk(seq().orderBy('at', order), 'forward', size);
          expect({ size, rows: forward.items.map(label) }).toEqual({ size, rows: expected });
          expectWalkPages(forward, 'forward', size, expected.length);
          const backward = await walk(seq().orderBy('at', order), 'backward', size);
          expect({ size, rows: backward.items.map(label) }).toEqual({ size, rows: expected });
          expectWalkPages(backward, 'backward', size, expected.length);
        }
      },
    );

    it("reverse() and a signed walk by 'at' keep every microsecond too", async () => {
      const expected = await oracle('DESC');
      const reversed = seq().orderBy('at', 'ASC').reverse();
      expect((await walk(reversed, 'forward', 2)).items.map(label)).toEqual(expected);
      expect((await walk(reversed, 'backward', 3, { secret: 'µs' })).items.map(label)).toEqual(expected);
    });

    it("a page after each row's cursor starts exactly at the next row", async () => {
      const expected = await oracle('ASC');
      const all = await seq().orderBy('at').paginate({ first: 100 });
      for (const [i, edge] of all.edges.entries()) {
        const next = await seq().orderBy('at').paginate({ first: 1, after: edge.cursor });
        expect({ i, next: next.items.map(label) }).toEqual({ i, next: expected.slice(i + 1, i + 2) });
      }
    });

    it("stream({ batchSize: 1, 2, 3, 7 }) by 'at' both ways yields every row once, in order", async () => {
      for (const batchSize of [1, 2, 3, 7]) {
        for (const order of ['ASC', 'DESC'] as const) {
          const got: string[] = [];
          for await (const tick of seq().orderBy('at', order).stream({ batchSize })) got.push(label(tick));
          expect({ batchSize, order, got }).toEqual({ batchSize, order, got: await oracle(order) });
        }
      }
    });
  });
}
