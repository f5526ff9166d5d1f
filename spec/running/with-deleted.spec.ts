import { EntityNotFoundError, In } from 'typeorm';
import { sequenceOf } from '../../src';
import { SequenceRepository } from '../../src/nestjs';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { walk } from '../pagination/walk';
import { Draft, Memo, SOFT_ENTITIES, seedSoftRows, softLabel, softOracle } from '../support/soft-deletable';

/** Whether soft-deleted rows are shown: each case is run both ways, the oracle reading the tables in SQL. */
const CASES = [
  { name: 'without withDeleted()', withDeleted: false },
  { name: 'with withDeleted()', withDeleted: true },
] as const;

for (const dialect of availableDialects()) {
  describe(`withDeleted(): soft-deleted rows in every method [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const q = (name: string) => db.q(name);

    beforeAll(async () => {
      await db.open(SOFT_ENTITIES);
      await seedSoftRows(db);
    });
    afterAll(() => db.close());

    it('the data has soft-deleted rows of both entities (what the cases below tell apart)', async () => {
      const live = await softOracle(db);
      const all = await softOracle(db, { withDeleted: true });
      expect([live.length, all.length]).toEqual([1067 + 23, 1600 + 30]);
    });

    for (const { name, withDeleted } of CASES) {
      describe(name, () => {
        const seq = () => {
          const base = sequenceOf(db.dataSource, [Draft, Memo]).orderBy('rank');
          return withDeleted ? base.withDeleted() : base;
        };
        const expected = (query: Parameters<typeof softOracle>[1] = {}) =>
          softOracle(db, { ...query, withDeleted });

        it('getMany() gives the rows of the hand-written UNION ALL, in its order', async () => {
          expect((await seq().getMany()).map(softLabel)).toEqual(await expected());
        });

        it('a shallow page (columns carried in the key query) and a deep one (loaded by primary key)', async () => {
          const shallow = await seq().skip(5).take(40).getMany();
          expect(shallow.map(softLabel)).toEqual(await expected({ offset: 5, limit: 40 }));
          const deep = await seq().skip(1040).take(60).getMany();
          expect(deep.map(softLabel)).toEqual(await expected({ offset: 1040, limit: 60 }));
          expect(deep.length).toBeGreaterThan(0);
        });

        it('getCount(), getManyAndCount(), getExists(), getOne()', async () => {
          const all = await expected();
          expect(await seq().getCount()).toBe(all.length);
          const [rows, count] = await seq().take(3).getManyAndCount();
          expect([rows.map(softLabel), count]).toEqual([all.slice(0, 3), all.length]);
          // Draft 3 and memo 4 are soft-deleted.
          const deletedOnly = seq().where({ title: In(['draft 3', 'memo 4']) });
          expect(await deletedOnly.getExists()).toBe(withDeleted);
          expect((await deletedOnly.getOne())?.title ?? null).toBe(withDeleted ? 'draft 3' : null);
        });

        it('paginate() walks the same rows forward and backward', async () => {
          const all = await expected({ where: `t.${q('rank')} < 2` });
          const filtered = seq().where(`item.${q('rank')} < 2`);
          expect((await walk(filtered, 'forward', 37)).items.map(softLabel)).toEqual(all);
          expect((await walk(filtered, 'backward', 41)).items.map(softLabel)).toEqual(all);
        });

        it('stream() yields the same rows', async () => {
          const streamed: string[] = [];
          for await (const row of seq().stream({ batchSize: 97 })) streamed.push(softLabel(row));
          expect(streamed).toEqual(await expected());
        });

        it('getFirst(), getLast(), getValues(), pluck()', async () => {
          const all = await expected();
          expect(softLabel((await seq().getFirst())!)).toBe(all[0]);
          expect(softLabel((await seq().getLast())!)).toBe(all[all.length - 1]);
          const titles = await db.query(
            `SELECT title FROM (SELECT t.title AS title, t.${q('rank')} AS r, 1 AS idx, t.id AS id FROM ` +
              `${q('soft_memo')} t ${withDeleted ? '' : `WHERE t.${q('deletedAt')} IS NULL`}) u ORDER BY r, id`,
          );
          const memos = seq().where({ '#': 1 });
          expect(await memos.pluck('title')).toEqual(titles.map((r: any) => r.title));
          const values = await memos.take(2).getValues('title', '#');
          expect(values).toEqual(titles.slice(0, 2).map((r: any) => ({ title: r.title, '#': 1 })));
        });

        it('getUnique(), getLatest(), getEarliest(), getTuples() over a soft-deleted row', async () => {
          // Draft 3 (rank 3) and memo 4 (rank 4) are soft-deleted, draft 1 (rank 1) and memo 2 (rank 2) are not.
          const some = seq().where({ title: In(['draft 3', 'memo 4', 'draft 1', 'memo 2']) });
          expect(softLabel(await some.getLatest('rank'))).toBe(withDeleted ? 'Memo:m04' : 'Memo:m02');
          expect(softLabel(await some.getEarliest('-rank'))).toBe(withDeleted ? 'Memo:m04' : 'Memo:m02');
          expect(await some.getTuples('title')).toEqual(
            (withDeleted ? ['draft 1', 'memo 2', 'draft 3', 'memo 4'] : ['draft 1', 'memo 2']).map((t) => [
              t,
            ]),
          );
          const unique = seq().where({ title: 'draft 3' }).getUnique();
          if (withDeleted) expect(softLabel(await unique)).toBe('Draft:3');
          else await expect(unique).rejects.toBeInstanceOf(EntityNotFoundError);
        });

        it('contains() a soft-deleted entity only with withDeleted()', async () => {
          const deleted = await db.dataSource
            .getRepository(Memo)
            .findOne({ where: { id: 'm08' }, withDeleted: true });
          const live = await db.dataSource.getRepository(Memo).findOneByOrFail({ id: 'm07' });
          expect(deleted?.deletedAt).not.toBeNull();
          expect(await seq().contains(deleted!)).toBe(withDeleted);
          expect(await seq().contains(live)).toBe(true);
        });
      });
    }

    it('is immutable: the sequence it came from still leaves soft-deleted rows out', async () => {
      const seq = sequenceOf(db.dataSource, [Draft, Memo]).orderBy('rank');
      const all = seq.withDeleted();
      expect([await seq.getCount(), await all.getCount(), await seq.getCount()]).toEqual([1090, 1630, 1090]);
    });

    it('applies to the builders present: a builder added later with or() keeps its own setting', async () => {
      const memos = db.dataSource.getRepository(Memo).createQueryBuilder('item');
      const seq = sequenceOf(db.dataSource, [Draft]).withDeleted().or(memos);
      expect(await seq.getCount()).toBe(1600 + 23);
      expect(await seq.or(memos.clone().withDeleted()).getCount()).toBe(1600 + 30);
    });

    it("SequenceRepository: find options' withDeleted", async () => {
      const repo = new SequenceRepository(db.dataSource, 'soft', [Draft, Memo]);
      const where = { rank: 3 };
      const oracle = (withDeleted: boolean) => softOracle(db, { where: `t.${q('rank')} = 3`, withDeleted });
      expect((await repo.find({ where, order: { rank: 'ASC' } })).map(softLabel)).toEqual(
        await oracle(false),
      );
      expect((await repo.find({ where, order: { rank: 'ASC' }, withDeleted: true })).map(softLabel)).toEqual(
        await oracle(true),
      );
      expect(await repo.count({ where, withDeleted: true })).toBe((await oracle(true)).length);
      expect(await repo.count({ where, withDeleted: false })).toBe((await oracle(false)).length);
      await expect(repo.find({ withDeleted: 'yes' as any })).rejects.toThrow(
        /find\(options\)\.withDeleted: expected true or false/,
      );
    });
  });
}
