import { sequenceOf } from '../../src';
import { labels, tail } from '../ordering/order-oracle';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

/**
 * A mark only one connection has (a session setting; SQLite has one connection, so a temporary table), and
 * a condition true only on that connection.
 */
function sessionMark(db: TestDatabase) {
  switch (db.dialect) {
    case 'postgres':
      return {
        set: "SELECT set_config('seq.mark', 'on', false)",
        clear: "SELECT set_config('seq.mark', '', false)",
        condition: "current_setting('seq.mark', true) = 'on'",
      };
    case 'mysql':
      return { set: "SET @seq_mark = 'on'", clear: 'SET @seq_mark = NULL', condition: "@seq_mark = 'on'" };
    case 'sqlite':
      return {
        set: 'CREATE TEMP TABLE seq_mark AS SELECT 1 AS v',
        clear: 'DROP TABLE temp.seq_mark',
        condition: 'EXISTS (SELECT 1 FROM temp.seq_mark)',
      };
  }
}

describeEachDialect("a sequence built on a QueryRunner's manager runs on that QueryRunner", (db) => {
  beforeAll(() => seed(db));

  it('every read runs on its connection, outside a transaction too; other reads use other connections', async () => {
    const expected = await oracle(db, { orderBy: `title ASC, ${tail('ASC')}` });
    const mark = sessionMark(db);
    const runner = db.dataSource.createQueryRunner();
    await runner.query(mark.set);
    try {
      const marked = () => sequenceOf(runner.manager, 'publications').where(mark.condition).orderBy('title');
      expect(labels(await marked().getMany())).toEqual(expected);
      expect(await marked().getCount()).toBe(expected.length);
      const page = await marked().paginate({ first: 3 });
      expect(labels(page.edges.map((e) => e.node))).toEqual(expected.slice(0, 3));
      const streamed: object[] = [];
      for await (const row of marked().stream({ batchSize: 4 })) streamed.push(row);
      expect(labels(streamed)).toEqual(expected);
      // The DataSource's reads take other pooled connections while this one is held (SQLite has one).
      const unmarked = await sequenceOf(db.dataSource, 'publications').where(mark.condition).getCount();
      expect(unmarked).toBe(db.dialect === 'sqlite' ? expected.length : 0);
    } finally {
      await runner.query(mark.clear);
      await runner.release();
    }
  });
});
