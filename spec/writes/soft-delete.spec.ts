import { In } from 'typeorm';
import { UnsupportedOperationError, sequenceOf } from '../../src';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import {
  DELETED_AT,
  Draft,
  Memo,
  Plain,
  SOFT_ENTITIES,
  deletionDates,
  seedSoftRows,
  softOracle,
} from '../support/soft-deletable';

/** Labels whose value differs between two maps, sorted. */
const changed = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  Object.keys({ ...before, ...after })
    .filter((key) => before[key] !== after[key])
    .sort();

/** `{ Draft: n, Memo: m }` of a list of labels. */
const perEntity = (labels: string[]) => ({
  Draft: labels.filter((l) => l.startsWith('Draft:')).length,
  Memo: labels.filter((l) => l.startsWith('Memo:')).length,
});

for (const dialect of availableDialects()) {
  describe(`writes: softDelete(), restore(), and update()/delete() with soft-deleted rows [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const rank = () => db.q('rank');
    const seq = () => sequenceOf(db.dataSource, [Draft, Memo]);
    /** Rank 2 or 3: rows of both entities, live and soft-deleted. */
    const chosen = () => `t.${rank()} IN (2, 3)`;
    const choose = (s: ReturnType<typeof seq>) => s.where(`item.${rank()} IN (2, 3)`);
    beforeAll(() => db.open(SOFT_ENTITIES));
    afterAll(() => db.close());
    beforeEach(() => seedSoftRows(db));

    describe('softDelete()', () => {
      it('sets the delete date of the rows the sequence shows, and counts them per entity', async () => {
        const before = await deletionDates(db);
        const live = await softOracle(db, { where: chosen() });
        const result = await choose(seq()).softDelete();
        expect(result).toEqual({ affected: live.length, byEntity: perEntity(live) });
        const after = await deletionDates(db);
        expect(changed(before, after)).toEqual([...live].sort());
        expect(live.every((label) => after[label] !== null)).toBe(true);
        expect(await choose(seq()).getCount()).toBe(0);
      });

      it('with withDeleted(): rows deleted before keep their delete date and are not counted', async () => {
        const before = await deletionDates(db);
        const live = await softOracle(db, { where: chosen() });
        const all = await softOracle(db, { where: chosen(), withDeleted: true });
        expect(all.length).toBeGreaterThan(live.length);
        const result = await choose(seq().withDeleted()).softDelete();
        expect(result).toEqual({ affected: live.length, byEntity: perEntity(live) });
        const after = await deletionDates(db);
        expect(changed(before, after)).toEqual([...live].sort());
        const earlier = all.filter((label) => !live.includes(label));
        expect(earlier.map((label) => after[label])).toEqual(earlier.map(() => DELETED_AT));
      });

      it('a soft-deleted row is still in the table: withDeleted() and restore() see it', async () => {
        await seq()
          .where({ title: In(['draft 1', 'memo 1']) })
          .softDelete();
        const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM ${db.q('soft_draft')}`);
        expect(Number(n)).toBe(1600);
        expect(
          await seq()
            .withDeleted()
            .where({ title: In(['draft 1', 'memo 1']) })
            .getCount(),
        ).toBe(2);
        expect(
          await seq()
            .where({ title: In(['draft 1', 'memo 1']) })
            .getCount(),
        ).toBe(0);
      });
    });

    describe('restore()', () => {
      for (const withDeleted of [false, true]) {
        it(`clears the delete date of the soft-deleted rows the conditions match (withDeleted: ${withDeleted})`, async () => {
          const before = await deletionDates(db);
          const all = await softOracle(db, { where: chosen(), withDeleted: true });
          const live = await softOracle(db, { where: chosen() });
          const deleted = all.filter((label) => !live.includes(label));
          expect(deleted.length).toBeGreaterThan(0);
          const result = await choose(withDeleted ? seq().withDeleted() : seq()).restore();
          expect(result).toEqual({ affected: deleted.length, byEntity: perEntity(deleted) });
          const after = await deletionDates(db);
          expect(changed(before, after)).toEqual([...deleted].sort());
          expect(deleted.every((label) => after[label] === null)).toBe(true);
        });
      }

      it('softDelete() then restore() puts back exactly the rows deleted', async () => {
        const before = await deletionDates(db);
        const deleted = await seq().where({ rank: 5 }).softDelete();
        const restored = await seq().where({ rank: 5 }).restore();
        const after = await deletionDates(db);
        // The rows deleted before (every third draft, every fourth memo) are restored too.
        const all = await softOracle(db, { where: `t.${rank()} = 5` });
        expect(restored.affected).toBe(all.length);
        expect(restored.affected).toBeGreaterThan(deleted.affected);
        expect(changed(before, after).every((label) => before[label] === DELETED_AT)).toBe(true);
      });
    });

    describe('update() and delete() act on the rows the sequence shows', () => {
      it('update() leaves soft-deleted rows alone, and changes them too with withDeleted()', async () => {
        const titles = async () =>
          (await db.query(`SELECT title FROM ${db.q('soft_memo')} ORDER BY id`)).map((r: any) => r.title);
        const live = await softOracle(db, { where: `t.${rank()} = 1` });
        const all = await softOracle(db, { where: `t.${rank()} = 1`, withDeleted: true });
        expect(await seq().where({ rank: 1 }).update({ title: 'x' })).toEqual({
          affected: live.length,
          byEntity: perEntity(live),
        });
        expect((await titles()).filter((t: string) => t === 'x')).toHaveLength(perEntity(live).Memo);
        expect(await seq().withDeleted().where({ rank: 1 }).update({ title: 'y' })).toEqual({
          affected: all.length,
          byEntity: perEntity(all),
        });
        expect((await titles()).filter((t: string) => t === 'y')).toHaveLength(perEntity(all).Memo);
      });

      it('delete() removes the shown rows only, and soft-deleted ones too with withDeleted()', async () => {
        const count = async () => {
          const [{ n }] = await db.query(
            `SELECT COUNT(*) AS n FROM ${db.q('soft_draft')} WHERE ${db.q('rank')} = 4`,
          );
          return Number(n);
        };
        const live = await softOracle(db, { where: `t.${rank()} = 4` });
        const all = await softOracle(db, { where: `t.${rank()} = 4`, withDeleted: true });
        const drafts = await count();
        expect((await seq().where({ rank: 4 }).delete()).affected).toBe(live.length);
        expect(await count()).toBe(drafts - perEntity(live).Draft);
        expect((await seq().withDeleted().where({ rank: 4 }).delete()).affected).toBe(
          all.length - live.length,
        );
        expect(await count()).toBe(0);
      });
    });

    describe('an entity without @DeleteDateColumn', () => {
      for (const method of ['softDelete', 'restore'] as const) {
        it(`${method}() refuses it, naming it, before any SQL (none of the other entities' rows change)`, async () => {
          for (const entities of [
            [Draft, Memo, Plain],
            [Plain, Draft],
          ]) {
            const before = await deletionDates(db);
            const mixed = sequenceOf(db.dataSource, entities);
            const { result, queries } = await db.counted(() =>
              mixed[method]().then(
                () => null,
                (e: unknown) => e,
              ),
            );
            expect(result).toBeInstanceOf(UnsupportedOperationError);
            expect((result as Error).message).toMatch(
              new RegExp(`^${method}\\(\\): Plain \\(builder #\\d\\) has no @DeleteDateColumn`),
            );
            expect(queries).toEqual([]);
            expect(changed(before, await deletionDates(db))).toEqual([]);
          }
        });
      }

      it('withDeleted() on it is allowed and changes nothing (as in TypeORM)', async () => {
        const plain = sequenceOf(db.dataSource, [Plain]);
        expect(await plain.withDeleted().getCount()).toBe(await plain.getCount());
      });
    });
  });
}
