import type { EntityManager } from 'typeorm';
import { SequenceError, SequenceQueryBuilder, sequenceOf, type WriteResult } from '../../src';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import {
  FAULT_ENTITIES,
  FaultA,
  FaultB,
  FaultStrict,
  addCheckByHand,
  addRefusingTrigger,
  changedRows,
  faultState,
  resetFaultRows,
} from './fault-entities';

type Source = TestDatabase['dataSource'] | EntityManager;
type Sequence = SequenceQueryBuilder<FaultA | FaultB | FaultStrict>;

interface Fault {
  readonly name: string;
  /** Makes FaultStrict refuse the write (a trigger); the constraints are there from the start. */
  readonly arrange?: (db: TestDatabase) => Promise<void>;
  readonly write: (seq: Sequence) => Promise<WriteResult>;
}

/** Each write FaultStrict refuses (and FaultA and FaultB accept), and why. */
const FAULTS: readonly Fault[] = [
  { name: 'CHECK (n >= 0): update({ n: -1 })', write: (s) => s.update({ n: -1 }) },
  { name: 'NOT NULL note: update({ note: null })', write: (s) => s.update({ note: null }) },
  { name: "UNIQUE code: update({ code: 'same' })", write: (s) => s.update({ code: 'same' }) },
  { name: 'foreign key: update({ parentId: 999 })', write: (s) => s.update({ parentId: 999 }) },
  { name: 'foreign key: delete() of referenced rows', write: (s) => s.delete() },
  {
    name: 'BEFORE UPDATE trigger: update({ n: 7 })',
    arrange: (db) => addRefusingTrigger(db, 'UPDATE'),
    write: (s) => s.update({ n: 7 }),
  },
  {
    name: 'BEFORE DELETE trigger: delete() of unreferenced rows',
    arrange: (db) => addRefusingTrigger(db, 'DELETE'),
    write: (s) => s.where('item.id >= :min', { min: 3 }).delete(),
  },
  {
    name: 'BEFORE UPDATE trigger: softDelete()',
    arrange: (db) => addRefusingTrigger(db, 'UPDATE'),
    write: (s) => s.softDelete(),
  },
  {
    name: 'BEFORE UPDATE trigger: restore()',
    arrange: (db) => addRefusingTrigger(db, 'UPDATE'),
    write: (s) => s.restore(),
  },
];

/** Builder orders putting FaultStrict second, then last. */
const PLACES = [
  { name: 'on the second builder', entities: [FaultA, FaultStrict, FaultB] },
  { name: 'on the last builder', entities: [FaultA, FaultB, FaultStrict] },
] as const;

class Rollback extends Error {}

const LOG = (db: TestDatabase, id: number) => `INSERT INTO ${db.q('fault_log')} (id) VALUES (${id})`;

/** The database's error, not one of the package's (whose checks all run before any SQL). */
async function databaseError(run: Promise<unknown>): Promise<unknown> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(SequenceError);
  return error;
}

for (const dialect of availableDialects()) {
  describe(`writes: fault injection [${dialect}]`, () => {
    const db = new TestDatabase(dialect);

    beforeAll(async () => {
      await db.open(FAULT_ENTITIES);
      await addCheckByHand(db);
    });
    afterAll(() => db.close());
    beforeEach(() => resetFaultRows(db));

    it('the same write without the fault changes every builder: the faults below are what stops it', async () => {
      // Without FaultStrict every write of the table succeeds and changes FaultA's and FaultB's rows.
      const before = await faultState(db);
      for (const fault of FAULTS) {
        const result = await fault.write(sequenceOf(db.dataSource, [FaultA, FaultB]) as Sequence);
        expect([fault.name, result.byEntity.FaultA > 0, result.byEntity.FaultB > 0]).toEqual([
          fault.name,
          true,
          true,
        ]);
        await resetFaultRows(db);
      }
      expect(changedRows(before, await faultState(db))).toEqual([]);
    });

    for (const fault of FAULTS) {
      for (const place of PLACES) {
        describe(`${fault.name}, ${place.name}`, () => {
          const seq = (source: Source) => sequenceOf(source, [...place.entities]) as Sequence;
          beforeEach(() => fault.arrange?.(db));

          it("standalone: the error is the database's, and no row of any table changed", async () => {
            const before = await faultState(db);
            await databaseError(fault.write(seq(db.dataSource)));
            expect(changedRows(before, await faultState(db))).toEqual([]);
          });

          it("in a caller's transaction that catches the error and commits: the sequence's write left nothing, the caller's writes stay", async () => {
            const before = await faultState(db);
            await db.dataSource.transaction(async (manager) => {
              await manager.query(LOG(db, 1));
              await databaseError(fault.write(seq(manager)));
              // The transaction is still usable (PostgreSQL would refuse every statement if it were aborted).
              await manager.query(LOG(db, 2));
            });
            expect(changedRows(before, await faultState(db))).toEqual(['fault_log:1', 'fault_log:2']);
          });

          it("in a caller's transaction that is rolled back: nothing stays", async () => {
            const before = await faultState(db);
            const run = db.dataSource.transaction(async (manager) => {
              await manager.query(LOG(db, 1));
              await databaseError(fault.write(seq(manager)));
              throw new Rollback('undo');
            });
            await expect(run).rejects.toBeInstanceOf(Rollback);
            expect(changedRows(before, await faultState(db))).toEqual([]);
          });
        });
      }
    }

    describe('builders on two DataSources: all or nothing per DataSource', () => {
      const other = new TestDatabase('sqlite');
      beforeAll(() => other.open(FAULT_ENTITIES));
      afterAll(() => other.close());
      beforeEach(() => resetFaultRows(other));

      const mixed = (source: Source) =>
        SequenceQueryBuilder.from(
          source.getRepository(FaultA).createQueryBuilder('item'),
          source.getRepository(FaultStrict).createQueryBuilder('item'),
          other.dataSource.getRepository(FaultB).createQueryBuilder('item'),
        );

      it("the failing DataSource keeps none of its changes, the other's write commits", async () => {
        const [before, otherBefore] = [await faultState(db), await faultState(other)];
        await databaseError(mixed(db.dataSource).update({ n: -1 }));
        expect(changedRows(before, await faultState(db))).toEqual([]);
        expect(changedRows(otherBefore, await faultState(other))).toEqual([
          'fault_b:1',
          'fault_b:2',
          'fault_b:3',
        ]);
      });

      it("in a caller's transaction that catches the error and commits: the same", async () => {
        const [before, otherBefore] = [await faultState(db), await faultState(other)];
        await db.dataSource.transaction(async (manager) => {
          await databaseError(mixed(manager).update({ n: -1 }));
          await manager.query(LOG(db, 1));
        });
        expect(changedRows(before, await faultState(db))).toEqual(['fault_log:1']);
        expect(changedRows(otherBefore, await faultState(other))).toEqual([
          'fault_b:1',
          'fault_b:2',
          'fault_b:3',
        ]);
      });
    });

    describe("successful writes inside a caller's transaction", () => {
      const seq = (source: Source) => sequenceOf(source, [FaultA, FaultStrict, FaultB]) as Sequence;

      it('stay when the caller commits, and after a failed write the next one applies', async () => {
        const before = await faultState(db);
        await db.dataSource.transaction(async (manager) => {
          await databaseError(seq(manager).update({ n: -1 }));
          expect(await seq(manager).where({ id: 1 }).update({ n: 5 })).toEqual({
            affected: 3,
            byEntity: { FaultA: 1, FaultStrict: 1, FaultB: 1 },
          });
        });
        const after = await faultState(db);
        expect(changedRows(before, after)).toEqual(['fault_a:1', 'fault_b:1', 'fault_strict:1']);
        const [{ n }] = await db.query(`SELECT n FROM ${db.q('fault_strict')} WHERE id = 1`);
        expect(Number(n)).toBe(5);
      });

      it('are rolled back with the caller', async () => {
        const before = await faultState(db);
        const run = db.dataSource.transaction(async (manager) => {
          expect((await seq(manager).softDelete()).affected).toBe(9);
          throw new Rollback('undo');
        });
        await expect(run).rejects.toBeInstanceOf(Rollback);
        expect(changedRows(before, await faultState(db))).toEqual([]);
      });

      it("inside a QueryRunner's own nested transaction: the write's savepoint nests inside the caller's", async () => {
        const before = await faultState(db);
        const runner = db.dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          await runner.query(LOG(db, 1));
          await runner.startTransaction();
          await runner.query(LOG(db, 2));
          await databaseError(seq(runner.manager).update({ n: -1 }));
          expect((await seq(runner.manager).where({ id: 3 }).update({ n: 33 })).affected).toBe(3);
          // Undoes the caller's inner level: log 2 and the successful update, not log 1.
          await runner.rollbackTransaction();
          await runner.query(LOG(db, 3));
          await runner.commitTransaction();
        } finally {
          await runner.release();
        }
        expect(changedRows(before, await faultState(db))).toEqual(['fault_log:1', 'fault_log:3']);
      });

      it('two writes started together on one transaction: the failed one leaves nothing, the other stays', async () => {
        const before = await faultState(db);
        await db.dataSource.transaction(async (manager) => {
          const [failed, done] = await Promise.allSettled([
            seq(manager).update({ n: -1 }),
            seq(manager).where({ id: 2 }).update({ code: 'two' }),
          ]);
          expect(failed.status).toBe('rejected');
          expect(done).toEqual({
            status: 'fulfilled',
            value: { affected: 3, byEntity: { FaultA: 1, FaultStrict: 1, FaultB: 1 } },
          });
        });
        expect(changedRows(before, await faultState(db))).toEqual([
          'fault_a:2',
          'fault_b:2',
          'fault_strict:2',
        ]);
      });
    });
  });
}
