import {
  Between,
  Equal,
  ILike,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Like,
  MoreThan,
  MoreThanOrEqual,
  Not,
  Raw,
} from 'typeorm';
import { SEQUENCE_INDEX, sequenceIndexOf, UnsupportedOperationError } from '../../src';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';
import { BY_TITLE, expectOracle, labels, pubs } from './filtering-helpers';

const TABLES = ['book', 'article', 'blog_post'];

/** No statement of `queries` mentions the table of a builder outside `kept`. */
function expectOnlyTables(db: TestDatabase, queries: readonly string[], kept: number[]): void {
  for (const [index, table] of TABLES.entries()) {
    if (kept.includes(index)) continue;
    for (const sql of queries) expect(sql).not.toContain(db.q(table));
  }
}

describeEachDialect("filtering: '#' (SEQUENCE_INDEX)", (db) => {
  beforeAll(() => seed(db));

  describe.each([
    ['1', 1, [1]],
    ['Equal(2)', Equal(2), [2]],
    ['In([0, 2])', In([0, 2]), [0, 2]],
    ['MoreThan(0)', MoreThan(0), [1, 2]],
    ['MoreThanOrEqual(1)', MoreThanOrEqual(1), [1, 2]],
    ['LessThan(2)', LessThan(2), [0, 1]],
    ['LessThanOrEqual(0)', LessThanOrEqual(0), [0]],
    ['Between(1, 2)', Between(1, 2), [1, 2]],
    ['Not(1)', Not(1), [0, 2]],
    ['Not(In([0]))', Not(In([0])), [1, 2]],
  ])("{ '#': %s }", (_name, condition, kept) => {
    it(`keeps builders ${kept.join(', ')} and runs no SQL for the others`, async () => {
      const seq = pubs(db)
        .where({ [SEQUENCE_INDEX]: condition } as any)
        .orderBy('title');
      const { result, queries } = await db.counted(() => seq.getMany());
      expect(labels(result)).toEqual(await oracle(db, { tables: kept, orderBy: BY_TITLE }));
      expect(queries).toHaveLength(1);
      expectOnlyTables(db, queries, kept);
      const counted = await db.counted(() => seq.getCount());
      expect(counted.result).toBe(result.length);
      expectOnlyTables(db, counted.queries, kept);
    });
  });

  it("getQueries() lists no statement for a builder filtered out (SEQUENCE_INDEX is '#')", () => {
    expect(SEQUENCE_INDEX).toBe('#');
    const queries = pubs(db).where({ '#': 1 }).getQueries();
    expect(queries.map((q) => q.entity)).not.toContain('Book');
    expect(queries.map((q) => q.entity)).not.toContain('BlogPost');
    expectOnlyTables(
      db,
      queries.map((q) => q.sql),
      [1],
    );
  });

  it('a filter that leaves no builder runs no SQL at all', async () => {
    const none = pubs(db).where({ '#': 0 }).andWhere({ '#': 2 });
    const { result, queries } = await db.counted(async () => [
      await none.getMany(),
      await none.getCount(),
      await none.getExists(),
      await pubs(db)
        .where({ '#': In([5, 7]) })
        .getMany(),
    ]);
    expect(result).toEqual([[], 0, false, []]);
    expect(queries).toEqual([]);
  });

  it('filtering leaves the other builders their own #', async () => {
    const rows = await pubs(db)
      .where({ '#': In([1, 2]) })
      .getMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(sequenceIndexOf(row)).toBe(row.constructor.name === 'Article' ? 1 : 2);
  });

  it("combined with other fields: { '#': 0, pages: MoreThan(100) }", async () => {
    const seq = pubs(db).where({ '#': 0, pages: MoreThan(100) });
    const expected = await oracle(db, { tables: [0], where: 't.pages > 100', orderBy: BY_TITLE });
    const { result, queries } = await db.counted(() => seq.orderBy('title').getMany());
    expect(labels(result)).toEqual(expected);
    expect(expected).toHaveLength(4);
    expectOnlyTables(db, queries, [0]);
  });

  it("inside an array (OR), each object with its own '#'", async () => {
    const seq = pubs(db).where([
      { '#': 0, pages: MoreThan(200) },
      { '#': 2, pages: LessThan(3) },
    ]);
    const expected = await oracle(db, {
      tables: [0, 2],
      where: (table) => (table === 'book' ? 't.pages > 200' : 't.pages < 3'),
      orderBy: BY_TITLE,
    });
    const { result, queries } = await db.counted(() => seq.orderBy('title').getMany());
    expect(labels(result)).toEqual(expected);
    expectOnlyTables(db, queries, [0, 2]);
  });

  it("an array mixing '#' with a field condition: one builder whole, the others filtered", async () => {
    await expectOracle(db, pubs(db).where([{ '#': 1 }, { title: 'zebra' }]), (table) =>
      table === 'article' ? undefined : `t.title = 'zebra'`,
    );
  });

  it("orWhere() with '#' adds builders", async () => {
    const seq = pubs(db)
      .where({ '#': 1 })
      .orWhere({ '#': 0, pages: LessThan(100) });
    await expectOracle(db, seq, (table) =>
      table === 'book' ? 't.pages < 100' : table === 'article' ? undefined : '1 = 0',
    );
  });

  it("exclude({ '#': 1 }) drops a builder without running its SQL", async () => {
    const seq = pubs(db).exclude({ '#': 1 }).orderBy('title');
    const { result, queries } = await db.counted(() => seq.getMany());
    expect(labels(result)).toEqual(await oracle(db, { tables: [0, 2], orderBy: BY_TITLE }));
    expectOnlyTables(db, queries, [0, 2]);
  });

  it("exclude({ '#': 0, pages: MoreThan(100) }) excludes only in builder 0", async () => {
    await expectOracle(db, pubs(db).exclude({ '#': 0, pages: MoreThan(100) }), (table) =>
      table === 'book' ? 't.pages <= 100' : undefined,
    );
  });

  it('other operators on # throw UnsupportedOperationError from every method, before any SQL', async () => {
    const unsupported = [Like('1'), ILike('1'), IsNull(), Raw((a) => `${a} = 1`), Not(Like('1'))];
    const { queries } = await db.counted(async () => {
      const seq = pubs(db);
      for (const condition of unsupported) {
        expect(() => seq.where({ '#': condition } as any)).toThrow(UnsupportedOperationError);
        expect(() => seq.andWhere({ '#': condition } as any)).toThrow(UnsupportedOperationError);
        expect(() => seq.orWhere([{ title: 'x' }, { '#': condition } as any])).toThrow(
          UnsupportedOperationError,
        );
        expect(() => seq.exclude({ '#': condition } as any)).toThrow(UnsupportedOperationError);
      }
    });
    expect(queries).toEqual([]);
  });
});
