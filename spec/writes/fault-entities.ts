import 'reflect-metadata';
import {
  Check,
  Column,
  DeleteDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import type { TestDatabase } from '../support/test-database';

/*
 * Tables for fault injection: two without constraints (FaultA, FaultB) and one (FaultStrict) with a CHECK,
 * a UNIQUE, a NOT NULL and a foreign key, referenced by FaultChild; a trigger is added by hand when a test
 * wants one. A sequence [A, Strict, B] fails on its second builder, [A, B, Strict] on its last.
 */

@Entity('fault_parent')
export class FaultParent {
  @PrimaryColumn({ type: 'int' })
  id!: number;
}

abstract class FaultRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  n!: number;

  @Column({ type: 'varchar', length: 20 })
  code!: string;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @DeleteDateColumn({ nullable: true })
  deletedAt!: Date | null;
}

@Entity('fault_a')
export class FaultA extends FaultRow {
  @Column({ type: 'varchar', length: 20, nullable: true })
  note!: string | null;
}

@Entity('fault_b')
export class FaultB extends FaultRow {
  @Column({ type: 'varchar', length: 20, nullable: true })
  note!: string | null;
}

@Entity('fault_strict')
@Check('CHK_fault_strict_n', 'n >= 0')
@Unique('UQ_fault_strict_code', ['code'])
export class FaultStrict extends FaultRow {
  @Column({ type: 'varchar', length: 20 })
  note!: string;

  @ManyToOne(() => FaultParent, { nullable: true })
  @JoinColumn({ name: 'parentId' })
  parent!: FaultParent | null;
}

@Entity('fault_child')
export class FaultChild {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  strictId!: number;

  @ManyToOne(() => FaultStrict, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'strictId' })
  strict!: FaultStrict;
}

/** Rows a caller's transaction writes around the sequence's write, to see it commit or roll back. */
@Entity('fault_log')
export class FaultLog {
  @PrimaryColumn({ type: 'int' })
  id!: number;
}

export const FAULT_ENTITIES = [FaultParent, FaultA, FaultB, FaultStrict, FaultChild, FaultLog];

const TABLES = ['fault_a', 'fault_b', 'fault_strict', 'fault_child', 'fault_log'];

/** MariaDB: TypeORM does not create `@Check` there ("MySql does not support check constraints"). */
export async function addCheckByHand(db: TestDatabase): Promise<void> {
  if (db.dialect !== 'mysql') return;
  await db.query(
    `ALTER TABLE ${db.q('fault_strict')} ADD CONSTRAINT ${db.q('CHK_fault_strict_n_hand')} CHECK (n >= 0)`,
  );
}

/**
 * Every table back to the same rows: ids 1-3 live and 4 soft-deleted in A, B and Strict (codes unique,
 * notes set, parent 1), Strict's rows 1 and 2 referenced by a child; no trigger, empty log.
 */
export async function resetFaultRows(db: TestDatabase): Promise<void> {
  await dropTrigger(db, 'UPDATE');
  await dropTrigger(db, 'DELETE');
  for (const table of ['fault_child', 'fault_log', 'fault_a', 'fault_b', 'fault_strict', 'fault_parent']) {
    await db.query(`DELETE FROM ${db.q(table)}`);
  }
  await db.query(`INSERT INTO ${db.q('fault_parent')} (id) VALUES (1)`);
  for (const [table, prefix] of [
    ['fault_a', 'a'],
    ['fault_b', 'b'],
    ['fault_strict', 's'],
  ]) {
    const rows = [1, 2, 3, 4].map(
      (id) =>
        `(${id}, ${id * 10}, '${prefix}${id}', 'note', 1, ` +
        `${id === 4 ? `'2020-01-02 03:04:05'` : 'NULL'})`,
    );
    await db.query(
      `INSERT INTO ${db.q(table)} (id, n, code, note, ${db.q('parentId')}, ${db.q('deletedAt')}) ` +
        `VALUES ${rows.join(', ')}`,
    );
  }
  await db.query(`INSERT INTO ${db.q('fault_child')} (id, ${db.q('strictId')}) VALUES (1, 1), (2, 2)`);
}

/** A row-level trigger on fault_strict that refuses every UPDATE (or DELETE) with an error. */
export async function addRefusingTrigger(db: TestDatabase, event: 'UPDATE' | 'DELETE'): Promise<void> {
  const name = db.q(`fault_refuse_${event.toLowerCase()}`);
  const table = db.q('fault_strict');
  switch (db.dialect) {
    case 'sqlite':
      await db.query(
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`,
      );
      return;
    case 'mysql':
      await db.query(
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW ` +
          `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by trigger'`,
      );
      return;
    case 'postgres':
      await db.query(
        `CREATE OR REPLACE FUNCTION fault_refuse() RETURNS trigger LANGUAGE plpgsql AS ` +
          `$$ BEGIN RAISE EXCEPTION 'refused by trigger'; END $$`,
      );
      await db.query(
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE PROCEDURE fault_refuse()`,
      );
  }
}

async function dropTrigger(db: TestDatabase, event: 'UPDATE' | 'DELETE'): Promise<void> {
  const name = db.q(`fault_refuse_${event.toLowerCase()}`);
  await db.query(
    `DROP TRIGGER IF EXISTS ${name}` + (db.dialect === 'postgres' ? ` ON ${db.q('fault_strict')}` : ''),
  );
}

/**
 * Every row of every table, read with plain SQL: `table:id` → the columns as text (the delete date only
 * as set or not, since drivers return dates differently). What the database holds, not what the code says.
 */
export async function faultState(db: TestDatabase): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await db.query(`SELECT * FROM ${db.q(table)}`);
    for (const row of rows) {
      const { id, deletedAt, ...rest } = row;
      const deleted = deletedAt === undefined ? '' : deletedAt === null ? ' live' : ' deleted';
      state[`${table}:${id}`] = JSON.stringify(rest) + deleted;
    }
  }
  return state;
}

/** Keys whose row differs between two states, or exists in only one; sorted. */
export function changedRows(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}
