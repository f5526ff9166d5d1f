import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { primaryKeyIn } from '../combining/primary-keys';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { bracketOwnConditions, dataSourceOf, queryRunnerOf } from '../typeorm/internals';
import { inSavepoint } from './savepoint';

/** What update(), delete(), softDelete() and restore() changed. */
export interface WriteResult {
  /** Rows changed in all. */
  readonly affected: number;
  /** Rows changed per entity class name. */
  readonly byEntity: Record<string, number>;
}

/** TypeORM's update, delete, soft-delete and restore builders, as far as a write uses them. */
interface WriteStatement {
  where(condition: string): WriteStatement;
  setParameters(parameters: ObjectLiteral): WriteStatement;
  execute(): Promise<{ affected?: number | null }>;
}

interface Write {
  /** The rows to write: a builder whose primary keys choose them. */
  readonly rows: (m: Materialized) => SelectQueryBuilder<any>;
  readonly statement: (manager: EntityManager, target: EntityTarget<any>) => WriteStatement;
}

/**
 * Runs one write per builder, the builders of one DataSource all or nothing: in a transaction of their
 * own, or in a savepoint when their builders were created in a transaction (the caller's transaction
 * stays usable and keeps none of a failed write's changes). Rows are chosen by primary key through the
 * builder's query, joins and all.
 */
async function writeAll(plan: SequencePlan, write: Write): Promise<WriteResult> {
  const byEntity: Record<string, number> = {};
  let affected = 0;
  // Every DataSource's write ends (commits or rolls back) before the call answers, failed or not.
  const settled = await Promise.allSettled(
    plan.groups.map(async (group) => {
      const run = async (manager: EntityManager) => {
        for (const m of group) {
          const { condition, parameters } = primaryKeyIn(undefined, write.rows(m));
          const result = await write
            .statement(manager, m.member.metadata.target)
            .where(condition)
            .setParameters(parameters)
            .execute();
          const count = result.affected ?? 0;
          byEntity[m.member.metadata.name] = (byEntity[m.member.metadata.name] ?? 0) + count;
          affected += count;
        }
      };
      const runner = queryRunnerOf(group[0].member.builder);
      if (runner?.isTransactionActive) await inSavepoint(runner, run);
      else await group[0].member.dataSource.transaction(run);
    }),
  );
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return { affected, byEntity };
}

/**
 * The builder's rows whose `@DeleteDateColumn` is set (`deleted`: the builder as with withDeleted(), since
 * otherwise it shows none) or not.
 */
function bySoftDeletion(m: Materialized, deleted: boolean): SelectQueryBuilder<any> {
  const qb = m.qb.clone();
  if (deleted) qb.withDeleted();
  const escape = (name: string) => dataSourceOf(qb).driver.escape(name);
  const column = m.member.metadata.deleteDateColumn!.databaseName;
  bracketOwnConditions(qb);
  return qb.andWhere(`${escape(m.member.alias)}.${escape(column)} IS ${deleted ? 'NOT ' : ''}NULL`);
}

const asShown = (m: Materialized) => m.qb;

export function updateAll(plan: SequencePlan, values: ObjectLiteral): Promise<WriteResult> {
  return writeAll(plan, {
    rows: asShown,
    statement: (manager, target) =>
      manager.createQueryBuilder().update(target).set(values).updateEntity(false),
  });
}

export function deleteAll(plan: SequencePlan): Promise<WriteResult> {
  return writeAll(plan, {
    rows: asShown,
    statement: (manager, target) => manager.createQueryBuilder().delete().from(target),
  });
}

/**
 * Sets the delete date of the rows the sequence shows that are not soft-deleted yet (with withDeleted(),
 * rows deleted before keep their date; TypeORM 1.x's soft-delete builder also checks it, 0.3's does not),
 * and their update date and version as TypeORM's softDelete() does.
 */
export function softDeleteAll(plan: SequencePlan): Promise<WriteResult> {
  return writeAll(plan, {
    rows: (m) => bySoftDeletion(m, false),
    statement: (manager, target) =>
      manager.createQueryBuilder().softDelete().from(target).updateEntity(false),
  });
}

/** Clears the delete date of the soft-deleted rows the sequence's conditions match, withDeleted() or not. */
export function restoreAll(plan: SequencePlan): Promise<WriteResult> {
  return writeAll(plan, {
    rows: (m) => bySoftDeletion(m, true),
    statement: (manager, target) => manager.createQueryBuilder().restore().from(target).updateEntity(false),
  });
}
