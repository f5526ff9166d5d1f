import 'reflect-metadata';
import { Column, DeleteDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { TestDatabase } from './test-database';

/*
 * Two entities with a `@DeleteDateColumn` (one with an integer key, one with a string key) and one without,
 * for withDeleted(), softDelete() and restore(). More than 1 000 drafts, so a deep page is loaded by primary
 * key after the key query rather than carried in it.
 */

abstract class Ranked {
  @Column({ type: 'int' })
  rank!: number;

  @Column({ type: 'varchar', length: 20 })
  title!: string;
}

abstract class SoftDeletable extends Ranked {
  @DeleteDateColumn({ nullable: true })
  deletedAt!: Date | null;
}

@Entity('soft_draft')
export class Draft extends SoftDeletable {
  @PrimaryColumn({ type: 'int' })
  id!: number;
}

@Entity('soft_memo')
export class Memo extends SoftDeletable {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  id!: string;
}

/** No delete date column: cannot be soft-deleted. */
@Entity('soft_plain')
export class Plain extends Ranked {
  @PrimaryColumn({ type: 'int' })
  id!: number;
}

export const SOFT_ENTITIES = [Draft, Memo, Plain];

export const DELETED_AT = '2020-01-02 03:04:05';

/**
 * Drafts 1-1600 (rank id % 7, every third soft-deleted), memos m01-m30 (rank i % 5, every fourth
 * soft-deleted), plains 1-5; every soft-deleted row deleted at DELETED_AT.
 */
export async function seedSoftRows(db: TestDatabase): Promise<void> {
  for (const table of ['soft_draft', 'soft_memo', 'soft_plain']) await db.query(`DELETE FROM ${db.q(table)}`);
  const columns = `(id, ${db.q('rank')}, title, ${db.q('deletedAt')})`;
  const at = (deleted: boolean) => (deleted ? `'${DELETED_AT}'` : 'NULL');
  const drafts = Array.from({ length: 1600 }, (_, i) => i + 1).map(
    (id) => `(${id}, ${id % 7}, 'draft ${id}', ${at(id % 3 === 0)})`,
  );
  await db.query(`INSERT INTO ${db.q('soft_draft')} ${columns} VALUES ${drafts.join(', ')}`);
  const memos = Array.from({ length: 30 }, (_, i) => i + 1).map(
    (i) => `('m${String(i).padStart(2, '0')}', ${i % 5}, 'memo ${i}', ${at(i % 4 === 0)})`,
  );
  await db.query(`INSERT INTO ${db.q('soft_memo')} ${columns} VALUES ${memos.join(', ')}`);
  const plains = [1, 2, 3, 4, 5].map((id) => `(${id}, ${id}, 'plain ${id}')`);
  await db.query(
    `INSERT INTO ${db.q('soft_plain')} (id, ${db.q('rank')}, title) VALUES ${plains.join(', ')}`,
  );
}

export interface SoftOracle {
  /** A SQL condition on the alias `t` of either table. */
  where?: string;
  /** Soft-deleted rows too (else only rows whose delete date is NULL). */
  withDeleted?: boolean;
  /** ORDER BY over the union's columns: idx, ipk, spk, rank, title. Default: rank, then `#`, then key. */
  orderBy?: string;
  limit?: number;
  offset?: number;
}

/** Labels (`Draft:3`, `Memo:m04`) of a hand-written UNION ALL of drafts and memos, in the database's order. */
export async function softOracle(db: TestDatabase, query: SoftOracle = {}): Promise<string[]> {
  const q = (name: string) => db.q(name);
  const postgres = db.dialect === 'postgres';
  const conditions = [
    ...(query.withDeleted ? [] : [`t.${q('deletedAt')} IS NULL`]),
    ...(query.where ? [`(${query.where})`] : []),
  ];
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const nullInt = postgres ? 'CAST(NULL AS integer)' : 'NULL';
  const nullText = postgres ? 'CAST(NULL AS varchar)' : 'NULL';
  const branch = (idx: number, table: string, ipk: string, spk: string) =>
    `SELECT ${idx} AS idx, ${ipk} AS ipk, ${spk} AS spk, t.${q('rank')} AS ${q('rank')}, t.title AS title ` +
    `FROM ${q(table)} t${where}`;
  let sql =
    `SELECT idx, ipk, spk FROM (${branch(0, 'soft_draft', 't.id', nullText)} UNION ALL ` +
    `${branch(1, 'soft_memo', nullInt, 't.id')}) u ORDER BY ${query.orderBy ?? `${q('rank')}, idx, ipk, spk`}`;
  if (query.limit !== undefined) sql += ` LIMIT ${query.limit}`;
  if (query.offset !== undefined) sql += ` OFFSET ${query.offset}`;
  const rows = await db.query(sql);
  return rows.map((r) => (Number(r.idx) === 0 ? `Draft:${r.ipk}` : `Memo:${r.spk}`));
}

export const softLabel = (e: object): string => `${e.constructor.name}:${(e as any).id}`;

/** `table:id` → the delete date as text, or null; read with plain SQL. */
export async function deletionDates(db: TestDatabase): Promise<Record<string, string | null>> {
  const text =
    db.dialect === 'sqlite'
      ? `t.${db.q('deletedAt')}`
      : db.dialect === 'postgres'
        ? `TO_CHAR(t.${db.q('deletedAt')}, 'YYYY-MM-DD HH24:MI:SS')`
        : `DATE_FORMAT(t.${db.q('deletedAt')}, '%Y-%m-%d %H:%i:%s')`;
  const dates: Record<string, string | null> = {};
  for (const [entity, table] of [
    ['Draft', 'soft_draft'],
    ['Memo', 'soft_memo'],
  ]) {
    for (const row of await db.query(`SELECT t.id AS id, ${text} AS at FROM ${db.q(table)} t`)) {
      dates[`${entity}:${row.id}`] = row.at === null ? null : String(row.at).slice(0, 19);
    }
  }
  return dates;
}
