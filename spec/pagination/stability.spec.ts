import { sequenceOf } from '../../src';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { Churn, deleteRow } from './churn';
import { Alpha, Beta, Gamma, PROPERTY_ENTITIES, propertyLabel } from './random-entities';
import { walk } from './walk';

type Direction = 'forward' | 'backward';
type Order = 'ASC' | 'DESC';

const CASES: [Direction, Order, number][] = [
  ['forward', 'ASC', 2],
  ['forward', 'DESC', 3],
  ['backward', 'ASC', 3],
  ['backward', 'DESC', 2],
];

for (const dialect of availableDialects()) {
  describe(`paginate() and stream() while rows are inserted and deleted between fetches [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const seq = (order: Order) => sequenceOf(db.dataSource, [Alpha, Beta, Gamma]).orderBy('n', order);

    beforeAll(() => db.open(PROPERTY_ENTITIES));
    afterAll(() => db.close());

    it.each(CASES)(
      "walking %s by orderBy('n', '%s') in pages of %i: survivors once each in order, new rows by their side",
      async (direction, order, size) => {
        // The order the walk visits rows in: the sequence's order forwards, its reverse backwards.
        const visiting: Order = direction === 'forward' ? order : order === 'ASC' ? 'DESC' : 'ASC';
        const churn = new Churn(db, visiting);
        await churn.start();
        const seen: string[] = [];
        const result = await walk(seq(order), direction, size, {
          between: async (page) => {
            const items = direction === 'forward' ? page.items : [...page.items].reverse();
            seen.push(...items.map(propertyLabel));
            const last = items[items.length - 1];
            await churn.step(propertyLabel(last), last.n!, seen);
          },
        });
        const labels = result.items.map(propertyLabel);
        const walked = direction === 'forward' ? labels : [...labels].reverse();
        churn.expectWalk(walked);
        await churn.expectInPlace(walked);
      },
    );

    it('a cursor whose own row was deleted still continues right after where that row was', async () => {
      const churn = new Churn(db, 'ASC', 0);
      await churn.start();
      const first = await seq('ASC').paginate({ first: 5 });
      const cursorRow = first.items[4];
      const expected = churn.initial.slice(5, 9);
      expect(propertyLabel(cursorRow)).toBe(churn.initial[4]);
      await deleteRow(db, churn.initial[4]);
      const next = await seq('ASC').paginate({ first: 4, after: first.pageInfo.endCursor });
      expect(next.items.map(propertyLabel)).toEqual(expected);
      expect(next.pageInfo.hasPreviousPage).toBe(true);
      const back = await seq('ASC').paginate({ last: 10, before: first.pageInfo.endCursor });
      expect(back.items.map(propertyLabel)).toEqual(churn.initial.slice(0, 4));
      expect(back.pageInfo.hasNextPage).toBe(churn.initial.length > 5);
    });

    it.each([
      ['ASC', 2],
      ['DESC', 3],
      ['ASC', 1],
    ] as const)(
      "orderBy('n', '%s'), batchSize %i: survivors once each in order, new rows by their side of the position",
      async (order, batchSize) => {
        const churn = new Churn(db, order);
        await churn.start();
        const seq = sequenceOf(db.dataSource, [Alpha, Beta, Gamma]).orderBy('n', order);
        const seen: string[] = [];
        for await (const row of seq.stream({ batchSize })) {
          seen.push(propertyLabel(row));
          // A batch is consumed: the next row needs a new key query, so change the data now.
          if (seen.length % batchSize === 0) await churn.step(propertyLabel(row), row.n!, seen);
        }
        churn.expectWalk(seen);
        await churn.expectInPlace(seen);
      },
    );

    it('skip/take over a churning table: the first rows are skipped once, take counts what was yielded', async () => {
      const churn = new Churn(db, 'ASC');
      await churn.start();
      const seq = sequenceOf(db.dataSource, [Alpha, Beta, Gamma]).orderBy('n').skip(2).take(9);
      const seen: string[] = [];
      for await (const row of seq.stream({ batchSize: 2 })) {
        seen.push(propertyLabel(row));
        if (seen.length % 2 === 0) await churn.step(propertyLabel(row), row.n!, seen);
      }
      expect(seen).toHaveLength(9);
      expect(seen.slice(0, 2)).toEqual(churn.initial.slice(2, 4));
      expect(seen.filter((l, i) => seen.indexOf(l) !== i)).toEqual([]);
      expect(seen.filter((l) => churn.insertedBehind.has(l) || churn.deletedUnseen.has(l))).toEqual([]);
    });
  });
}
