import { IsNull, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { availableDialects } from '../support/dialects';
import { walk } from '../pagination/walk';
import { ShapeDatabase } from './shape-database';
import type { Shape } from './shape';

type Direction = 'ASC' | 'DESC';

/** Reads a property path (`'stats.views'`) off an entity. */
export const valueAt = (entity: ObjectLiteral, path: string): unknown =>
  path.split('.').reduce<any>((value, part) => (value == null ? value : value[part]), entity);

/** Every member's rows as plain TypeORM `find()` gives them, keyed by label. */
export async function foundRows(
  db: ShapeDatabase,
  where?: FindOptionsWhere<any> | FindOptionsWhere<any>[],
  withDeleted = false,
): Promise<Record<string, ObjectLiteral>> {
  const rows: Record<string, ObjectLiteral> = {};
  for (const member of db.model.members) {
    for (const row of await db.dataSource.getRepository(member.target).find({ where, withDeleted })) {
      rows[db.label(row)] = row;
    }
  }
  return rows;
}

/** The shape's sequence: one builder per member, alias `item`. */
export const sequence = (db: ShapeDatabase): SequenceQueryBuilder<any> =>
  sequenceOf(
    db.dataSource,
    db.model.members.map((m) => m.target),
  );

async function streamed(db: ShapeDatabase, seq: SequenceQueryBuilder<any>): Promise<string[]> {
  const labels: string[] = [];
  for await (const row of seq.stream({ batchSize: 2 })) labels.push(db.label(row));
  return labels;
}

/**
 * The checks every shape gets, once per dialect, each against what the database answers without the
 * code under test: a hand-written UNION ALL … ORDER BY for orders, plain `find()` per entity for sets,
 * counts, hydrated entities and the effect of writes. `extra` adds the shape's own tests.
 */
export function describeShape(shape: Shape, extra?: (db: ShapeDatabase) => void): void {
  const dialects = availableDialects().filter((d) => !shape.dialects || shape.dialects.includes(d));
  for (const dialect of dialects) {
    describe(`schema shape: ${shape.title} [${dialect}]`, () => {
      const db = new ShapeDatabase(shape, dialect);
      beforeAll(async () => {
        await db.open();
        await db.reseed();
      });
      afterAll(() => db.close());

      for (const field of shape.fields) describeOrder(db, field);
      describeSets(db);
      extra?.(db);
      describeWrites(db);
    });
  }
}

function describeOrder(db: ShapeDatabase, field: string): void {
  const ordered = (order: Direction) => sequence(db).orderBy(field, order);

  it(`getMany() ordered by ${field} both ways, whole and with skip/take, is the database's UNION ALL order; entities are find()'s`, async () => {
    const found = await foundRows(db);
    for (const order of ['ASC', 'DESC'] as const) {
      const expected = await db.oracle({ field, order });
      expect(expected).toHaveLength(Object.keys(found).length);
      const many = await ordered(order).getMany();
      expect(many.map((e) => db.label(e))).toEqual(expected);
      expect(many).toEqual(expected.map((label) => found[label]));
      const page = await ordered(order).skip(1).take(3).getMany();
      expect(page.map((e) => db.label(e))).toEqual(await db.oracle({ field, order, limit: 3, offset: 1 }));
    }
  });

  it(`paginate() walks (pages of 2) both ways and stream({ batchSize: 2 }) give the order by ${field}`, async () => {
    for (const order of ['ASC', 'DESC'] as const) {
      const expected = await db.oracle({ field, order });
      const forward = await walk(ordered(order), 'forward', 2);
      expect(forward.items.map((e) => db.label(e))).toEqual(expected);
      const backward = await walk(ordered(order), 'backward', 2);
      expect(backward.items.map((e) => db.label(e))).toEqual(expected);
      expect(await streamed(db, ordered(order))).toEqual(expected);
    }
  });

  it(`getFirst(), getLast(), getLatest('${field}') and getValues('${field}') ordered by ${field}`, async () => {
    const expected = await db.oracle({ field, order: 'ASC' });
    const first = await ordered('ASC').getFirst();
    const last = await ordered('ASC').getLast();
    expect([first && db.label(first), last && db.label(last)]).toEqual([expected[0], expected.at(-1)]);
    expect(await db.greatest(field)).toContain(db.label(await sequence(db).getLatest(field)));
    const found = await foundRows(db);
    const values = await ordered('ASC').getValues(field);
    expect(values).toEqual(expected.map((label) => ({ [field]: valueAt(found[label], field) })));
  });
}

function describeSets(db: ShapeDatabase): void {
  it('getCount() is the sum of find() counts, with and without where(filter)', async () => {
    const filter = db.shape.filter;
    expect(await sequence(db).getCount()).toBe(Object.keys(await foundRows(db)).length);
    expect(await sequence(db).where(filter).getCount()).toBe(Object.keys(await foundRows(db, filter)).length);
  });

  it("where(filter) gives find()'s rows, in the database's order", async () => {
    const field = db.shape.fields[0];
    const matching = await foundRows(db, db.shape.filter);
    expect(Object.keys(matching).length).toBeGreaterThan(0);
    const expected = (await db.oracle({ field, order: 'DESC' })).filter((label) => label in matching);
    const many = await sequence(db).where(db.shape.filter).orderBy(field, 'DESC').getMany();
    expect(many.map((e) => db.label(e))).toEqual(expected);
  });
}

function describeWrites(db: ShapeDatabase): void {
  it("update() on where(filter) leaves the rows as TypeORM's update(filter) on each entity does", async () => {
    const { filter, update } = db.shape;
    await db.reseed();
    const matching = Object.keys(await foundRows(db, filter));
    expect(matching.length).toBeGreaterThan(0);
    for (const member of db.model.members) {
      const deleted = db.metadata(member).deleteDateColumn;
      const where = deleted ? { ...filter, [deleted.propertyPath]: IsNull() } : filter;
      await db.dataSource.getRepository(member.target).update(where, update);
    }
    const expected = withoutUpdateDates(db, await foundRows(db, undefined, true));
    await db.reseed();
    const result = await sequence(db).where(filter).update(update);
    expect(result.affected).toBe(matching.length);
    expect(withoutUpdateDates(db, await foundRows(db, undefined, true))).toEqual(expected);
  });

  it("delete() on where(filter) removes find()'s rows and no other", async () => {
    await db.reseed();
    const before = Object.keys(await foundRows(db, undefined, true));
    const matching = Object.keys(await foundRows(db, db.shape.filter));
    const result = await sequence(db).where(db.shape.filter).delete();
    expect(result.affected).toBe(matching.length);
    const after = Object.keys(await foundRows(db, undefined, true));
    expect(after.sort()).toEqual(before.filter((label) => !matching.includes(label)).sort());
  });
}

/** Rows without their `@UpdateDateColumn` (set by the database clock, so never equal across two runs). */
function withoutUpdateDates(
  db: ShapeDatabase,
  rows: Record<string, ObjectLiteral>,
): Record<string, ObjectLiteral> {
  const dates = db.model.members.flatMap((m) => db.metadata(m).updateDateColumn?.propertyPath ?? []);
  return Object.fromEntries(
    Object.entries(rows).map(([label, row]) => [
      label,
      Object.fromEntries(Object.entries(row).filter(([key]) => !dates.includes(key))),
    ]),
  );
}
