import 'reflect-metadata';
import { Column, Entity, In, PrimaryColumn, type ColumnOptions } from 'typeorm';
import { IncompatibleOrderingError, InvalidCursorError, SequenceQueryBuilder, sequenceOf } from '../../src';
import { availableDialects, type DialectName } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { expectWalkPages, walk } from '../pagination/walk';

/** Declared in an order that is not alphabetical (alphabetically: high, low, medium). */
const LABELS = ['low', 'medium', 'high'];

/**
 * How the two entities declare their enum: PostgreSQL gives each `type: 'enum'` column its own type
 * (`task_a_priority_enum`, `task_b_priority_enum`) unless they share an `enumName`; `simple-enum` is a
 * native enum on PostgreSQL and MariaDB too. SQLite only has `simple-enum`: CHECKed text.
 */
const KINDS = ['one type per entity', 'a shared enumName', 'simple-enum'] as const;
type Kind = (typeof KINDS)[number];

function enumColumn(dialect: DialectName, kind: Kind, labels: string[] = LABELS): ColumnOptions {
  if (dialect === 'sqlite' || kind === 'simple-enum')
    return { type: 'simple-enum', enum: labels, nullable: true };
  return {
    type: 'enum',
    enum: labels,
    nullable: true,
    enumName: kind === 'a shared enumName' ? 'shared_priority' : undefined,
  };
}

function taskEntities(dialect: DialectName, kind: Kind) {
  const priority = enumColumn(dialect, kind);

  @Entity('task_a')
  class TaskA {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column(priority)
    priority!: string | null;
  }

  @Entity('task_b')
  class TaskB {
    @PrimaryColumn({ type: 'varchar', length: 20 })
    id!: string;

    @Column(priority)
    priority!: string | null;
  }
  return { TaskA, TaskB };
}

/** [table, id, priority]: ties inside one entity and across both, NULLs in both. */
const ROWS: ['task_a' | 'task_b', number | string, string | null][] = [
  ['task_a', 1, 'low'],
  ['task_a', 2, 'high'],
  ['task_b', 'p', 'medium'],
  ['task_a', 3, 'medium'],
  ['task_a', 4, null],
  ['task_b', 'q', 'high'],
  ['task_a', 5, 'high'],
  ['task_b', 'r', null],
  ['task_a', 6, 'low'],
  ['task_b', 's', 'low'],
  ['task_a', 7, 'medium'],
  ['task_b', 't', 'high'],
  ['task_a', 8, 'high'],
  ['task_b', 'u', 'medium'],
  ['task_a', 9, 'low'],
];

type Order = 'ASC' | 'DESC';
type Nulls = 'NULLS FIRST' | 'NULLS LAST' | undefined;

for (const dialect of availableDialects()) {
  for (const kind of KINDS) {
    describe(`ordering by an enum (${kind}) [${dialect}]`, () => {
      const { TaskA, TaskB } = taskEntities(dialect, kind);
      const db = new TestDatabase(dialect);
      const seq = () => sequenceOf(db.dataSource, [TaskA, TaskB]);
      const label = (e: object) => `${e.constructor.name}:${(e as any).id}`;
      const ph = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
      const q = (name: string) => db.q(name);
      const postgres = dialect === 'postgres';

      /**
       * The enum's position, written by hand: a CASE over the labels where the database sorts an enum by
       * declaration; the text itself on SQLite (a simple-enum is text there). The first spec checks it
       * against each entity's own ORDER BY.
       */
      const position = (column: string) =>
        dialect === 'sqlite'
          ? column
          : `CASE ${column} ${LABELS.map((l, i) => `WHEN '${l}' THEN ${i + 1}`).join(' ')} END`;
      const term = (expr: string, order: Order, nulls: Nulls) =>
        !nulls
          ? `${expr} ${order}`
          : dialect === 'mysql'
            ? `(${expr} IS NULL) ${nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, ${expr} ${order}`
            : `${expr} ${order} ${nulls}`;

      /** A hand-written UNION ALL of both tables ordered by the enum's position, then `#`, then the key. */
      const oracle = async (order: Order, nulls?: Nulls, where?: string) => {
        const nullText = postgres ? 'CAST(NULL AS varchar)' : 'NULL';
        const nullInt = postgres ? 'CAST(NULL AS integer)' : 'NULL';
        const text = postgres ? `CAST(${q('priority')} AS varchar)` : q('priority');
        const filter = where ? ` WHERE ${where}` : '';
        const rows = await db.query(
          `SELECT idx, ipk, spk, pr FROM (` +
            `SELECT 0 AS idx, id AS ipk, ${nullText} AS spk, ${position(q('priority'))} AS o, ${text} AS pr ` +
            `FROM ${q('task_a')}${filter} UNION ALL ` +
            `SELECT 1 AS idx, ${nullInt} AS ipk, id AS spk, ${position(q('priority'))} AS o, ${text} AS pr ` +
            `FROM ${q('task_b')}${filter}` +
            `) u ORDER BY ${term('o', order, nulls)}, idx ${order}, ipk ${order}, spk ${order}`,
        );
        return rows.map((r) => ({
          label: Number(r.idx) === 0 ? `TaskA:${r.ipk}` : `TaskB:${r.spk}`,
          value: `${r.idx}:${r.ipk ?? r.spk}:${r.pr}`,
          priority: r.pr as string | null,
        }));
      };
      const labels = async (order: Order, nulls?: Nulls, where?: string) =>
        (await oracle(order, nulls, where)).map((r) => r.label);

      beforeAll(async () => {
        await db.open([TaskA, TaskB]);
        for (const [table, id, priority] of ROWS) {
          await db.query(`INSERT INTO ${q(table)} (id, ${q('priority')}) VALUES (${ph(1)}, ${ph(2)})`, [
            id,
            priority,
          ]);
        }
      });
      afterAll(() => db.close());

      it("the database sorts the enum as the oracle does, in each entity's own ORDER BY", async () => {
        const own = await db.query(
          `SELECT DISTINCT ${q('priority')} AS p FROM ${q('task_a')} WHERE ${q('priority')} IS NOT NULL ORDER BY ${q('priority')}`,
        );
        // Declaration order where the enum is native, text order on SQLite: the data tells them apart.
        expect(own.map((r) => r.p)).toEqual(dialect === 'sqlite' ? [...LABELS].sort() : LABELS);
        for (const order of ['ASC', 'DESC'] as const) {
          for (const [table, entity, key] of [
            ['task_a', 'TaskA', 'ipk'],
            ['task_b', 'TaskB', 'spk'],
          ] as const) {
            const rows = await db.query(
              `SELECT id FROM ${q(table)} ORDER BY ${q('priority')} ${order}, id ${order}`,
            );
            const mine = (await oracle(order)).filter((r) => r.label.startsWith(`${entity}:`));
            expect({ order, key, rows: rows.map((r) => `${entity}:${r.id}`) }).toEqual({
              order,
              key,
              rows: mine.map((r) => r.label),
            });
          }
        }
      });

      it.each([
        ['ASC', undefined],
        ['DESC', undefined],
        ['DESC', 'NULLS LAST'],
        ['ASC', 'NULLS FIRST'],
      ] as const)("getMany() by 'priority' %s %s is the database's order", async (order, nulls) => {
        const expected = await labels(order, nulls);
        expect(expected).toHaveLength(ROWS.length);
        expect((await seq().orderBy('priority', order, nulls).getMany()).map(label)).toEqual(expected);
        expect((await seq().orderBy('priority', order, nulls).reverse().getMany()).map(label)).toEqual(
          [...expected].reverse(),
        );
      });

      it("strategy('per-builder') (statements merged in JavaScript) keeps the database's order: getMany, pages, walks", async () => {
        for (const [order, nulls] of [
          ['ASC', undefined],
          ['DESC', 'NULLS LAST'],
        ] as const) {
          const expected = await labels(order, nulls);
          const perBuilder = () => seq().strategy('per-builder').orderBy('priority', order, nulls);
          expect((await perBuilder().getMany()).map(label)).toEqual(expected);
          expect((await perBuilder().skip(4).take(5).getMany()).map(label)).toEqual(expected.slice(4, 9));
          const forward = await walk(perBuilder(), 'forward', 3);
          expect({ order, rows: forward.items.map(label) }).toEqual({ order, rows: expected });
        }
      });

      it('pages with skip/take, first and last follow the same order', async () => {
        for (const order of ['ASC', 'DESC'] as const) {
          const expected = await labels(order);
          const page = await seq().orderBy('priority', order).skip(4).take(5).getMany();
          expect({ order, page: page.map(label) }).toEqual({ order, page: expected.slice(4, 9) });
          expect(label((await seq().orderBy('priority', order).getFirst())!)).toBe(expected[0]);
          expect(label((await seq().orderBy('priority', order).getLast())!)).toBe(
            expected[expected.length - 1],
          );
        }
      });

      it('getValues / getTuples / pluck read the labels, in the order', async () => {
        const expected = await oracle('DESC');
        const values = await seq().orderBy('priority', 'DESC').getValues('#', 'id', 'priority');
        expect(values.map((v) => `${v['#']}:${v.id}:${v.priority}`)).toEqual(expected.map((r) => r.value));
        expect(await seq().orderBy('priority', 'DESC').pluck('priority')).toEqual(
          expected.map((r) => r.priority),
        );
        const tuples = await seq().orderBy('priority', 'DESC').skip(2).take(6).getTuples('priority', '#');
        expect(tuples).toEqual(expected.slice(2, 8).map((r) => [r.priority, Number(r.value[0])]));
        // unordered: builder by builder, each by its primary key
        const unordered = await seq().getValues('id', 'priority');
        const own = [
          ...(await db.query(`SELECT id, ${q('priority')} AS p FROM ${q('task_a')} ORDER BY id`)),
          ...(await db.query(`SELECT id, ${q('priority')} AS p FROM ${q('task_b')} ORDER BY id`)),
        ];
        expect(unordered).toEqual(own.map((r) => ({ id: r.id, priority: r.p })));
      });

      it('filters by the enum, and orders what is left', async () => {
        const where = `${q('priority')} IN ('low', 'high')`;
        const expected = await labels('DESC', undefined, where);
        const got = await seq()
          .where({ priority: In(['low', 'high']) })
          .orderBy('priority', 'DESC')
          .getMany();
        expect(got.map(label)).toEqual(expected);
        expect(await seq().where({ priority: 'medium' }).getCount()).toBe(
          ROWS.filter((r) => r[2] === 'medium').length,
        );
      });

      it.each(['ASC', 'DESC'] as const)(
        "paginate() by 'priority' %s walks pages of 1, 2 and 4 both ways",
        async (order) => {
          const expected = await labels(order);
          for (const size of [1, 2, 4]) {
            const forward = await walk(seq().orderBy('priority', order), 'forward', size);
            expect({ size, rows: forward.items.map(label) }).toEqual({ size, rows: expected });
            expectWalkPages(forward, 'forward', size, expected.length);
            const backward = await walk(seq().orderBy('priority', order), 'backward', size, {
              secret: 'enum',
            });
            expect({ size, rows: backward.items.map(label) }).toEqual({ size, rows: expected });
            expectWalkPages(backward, 'backward', size, expected.length, true);
          }
        },
      );

      it("stream({ batchSize: 1, 2, 3 }) by 'priority' yields getMany(), every row once", async () => {
        for (const nulls of [undefined, 'NULLS LAST', 'NULLS FIRST'] as const) {
          for (const order of ['ASC', 'DESC'] as const) {
            const all = (await seq().orderBy('priority', order, nulls).getMany()).map(label);
            expect(all).toEqual(await labels(order, nulls));
            for (const batchSize of [1, 2, 3]) {
              const got: string[] = [];
              for await (const task of seq().orderBy('priority', order, nulls).stream({ batchSize }))
                got.push(label(task));
              expect({ nulls, order, batchSize, got }).toEqual({ nulls, order, batchSize, got: all });
            }
          }
        }
      });

      it('a cursor holds the label; a value that is not one of the labels is refused before any SQL', async () => {
        const page = await seq().orderBy('priority').paginate({ first: 3 });
        const cursor = page.pageInfo.endCursor!;
        const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        expect(Object.values(decoded.p)).toContain((await oracle('ASC'))[2].priority ?? null);
        const keyName = Object.keys(decoded.p).find((k) => LABELS.includes(decoded.p[k]))!;
        for (const bad of ['urgent', 'Low', 2]) {
          const forged = Buffer.from(
            JSON.stringify({ ...decoded, p: { ...decoded.p, [keyName]: bad } }),
          ).toString('base64url');
          const { result, queries } = await db.counted(() =>
            seq()
              .orderBy('priority')
              .paginate({ first: 3, after: forged })
              .then(
                () => null,
                (error: unknown) => error,
              ),
          );
          expect({ bad, result, queries }).toEqual({
            bad,
            result: expect.any(InvalidCursorError),
            queries: [],
          });
        }
      });

      it("each builder's own order by the enum, with no orderBy on the sequence", async () => {
        const builders = () =>
          SequenceQueryBuilder.from(
            db.dataSource.getRepository(TaskA).createQueryBuilder('item').orderBy('item.priority', 'DESC'),
            db.dataSource.getRepository(TaskB).createQueryBuilder('item').orderBy('item.priority', 'ASC'),
          );
        const expected = [
          ...(await db.query(`SELECT id FROM ${q('task_a')} ORDER BY ${q('priority')} DESC, id ASC`)).map(
            (r) => `TaskA:${r.id}`,
          ),
          ...(await db.query(`SELECT id FROM ${q('task_b')} ORDER BY ${q('priority')} ASC, id ASC`)).map(
            (r) => `TaskB:${r.id}`,
          ),
        ];
        expect((await builders().getMany()).map(label)).toEqual(expected);
        const streamed: string[] = [];
        for await (const task of builders().stream({ batchSize: 2 })) streamed.push(label(task));
        expect(streamed).toEqual(expected);
        expect((await walk(builders(), 'forward', 2)).items.map(label)).toEqual(expected);
        expect((await walk(builders(), 'backward', 3)).items.map(label)).toEqual(expected);
      });
    });
  }
}

/** Entities whose enums have no one order: other labels, the same labels in another order, or no enum. */
function mismatchedEntities(dialect: DialectName) {
  const kind: Kind = 'one type per entity';

  @Entity('mix_a')
  class MixA {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column(enumColumn(dialect, kind))
    priority!: string | null;
  }

  @Entity('mix_fewer')
  class MixFewer {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column(enumColumn(dialect, kind, ['low', 'high']))
    priority!: string | null;
  }

  @Entity('mix_reversed')
  class MixReversed {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column(enumColumn(dialect, kind, ['high', 'medium', 'low']))
    priority!: string | null;
  }

  @Entity('mix_text')
  class MixText {
    @PrimaryColumn({ type: 'int' })
    id!: number;

    @Column({ type: 'varchar', length: 20, nullable: true })
    priority!: string | null;
  }
  return { MixA, MixFewer, MixReversed, MixText };
}

for (const dialect of availableDialects()) {
  describe(`ordering by enums that have no one order [${dialect}]`, () => {
    const { MixA, MixFewer, MixReversed, MixText } = mismatchedEntities(dialect);
    const db = new TestDatabase(dialect);
    const q = (name: string) => db.q(name);
    const ph = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');

    beforeAll(async () => {
      await db.open([MixA, MixFewer, MixReversed, MixText]);
      for (const table of ['mix_a', 'mix_fewer', 'mix_reversed', 'mix_text']) {
        for (const [id, priority] of [
          [1, 'low'],
          [2, 'high'],
          [3, null],
        ] as const) {
          await db.query(`INSERT INTO ${q(table)} (id, ${q('priority')}) VALUES (${ph(1)}, ${ph(2)})`, [
            id,
            priority,
          ]);
        }
      }
    });
    afterAll(() => db.close());

    it.each([
      ['other labels', 'MixFewer'],
      ['the same labels in another order', 'MixReversed'],
      ['a plain text column', 'MixText'],
    ] as const)(
      'with %s: IncompatibleOrderingError naming both entities, before any SQL',
      async (_, other) => {
        const entities = { MixFewer, MixReversed, MixText };
        const { result, queries } = await db.counted(async () => {
          try {
            return await sequenceOf(db.dataSource, [MixA, entities[other]])
              .orderBy('priority', 'DESC')
              .getMany();
          } catch (error) {
            return error;
          }
        });
        if (dialect === 'sqlite') {
          // A simple-enum is text on SQLite: the labels are strings like any other, in SQLite's text order.
          const table = { MixFewer: 'mix_fewer', MixReversed: 'mix_reversed', MixText: 'mix_text' }[other];
          const expected = await db.query(
            `SELECT idx, id FROM (SELECT 0 AS idx, id, priority FROM mix_a UNION ALL ` +
              `SELECT 1 AS idx, id, priority FROM ${table}) u ORDER BY priority DESC, idx DESC, id DESC`,
          );
          expect((result as object[]).map((e) => `${e.constructor.name}:${(e as any).id}`)).toEqual(
            expected.map((r) => `${Number(r.idx) === 0 ? 'MixA' : other}:${r.id}`),
          );
          return;
        }
        expect(result).toBeInstanceOf(IncompatibleOrderingError);
        expect((result as Error).message).toMatch(/'priority'/);
        expect((result as Error).message).toMatch(/MixA\.priority/);
        expect((result as Error).message).toContain(`${other}.priority`);
        expect(queries).toEqual([]);
      },
    );
  });
}
