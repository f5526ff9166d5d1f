import type { EntityManager, ObjectLiteral } from 'typeorm';
import { primaryKeyIn } from '../combining/primary-keys';
import type { Materialized } from '../planning/materialize';
import type { SequencePlan } from '../planning/plan-sequence';
import { queryRunnerOf } from '../planning/typeorm-internals';

export interface WriteResult {
  readonly affected: number;
  /** Rows changed per entity class name. */
  readonly byEntity: Record<string, number>;
}

type Write = (manager: EntityManager, m: Materialized) => Promise<number>;

/**
 * Runs one write per builder, the builders of one DataSource in one transaction (the builders' own
 * transaction if they were created in one): if one fails, none of that DataSource's changes stay.
 * Rows are chosen by primary key through the builder's query, joins and all.
 */
async function writeAll(plan: SequencePlan, write: Write): Promise<WriteResult> {
  const byEntity: Record<string, number> = {};
  let affected = 0;
  await Promise.all(
    plan.groups.map(async (group) => {
      const run = async (manager: EntityManager) => {
        for (const m of group) {
          const count = await write(manager, m);
          byEntity[m.member.metadata.name] = (byEntity[m.member.metadata.name] ?? 0) + count;
          affected += count;
        }
      };
      const runner = queryRunnerOf(group[0].member.builder);
      if (runner?.isTransactionActive) await run(runner.manager);
      else await group[0].member.dataSource.transaction(run);
    }),
  );
  return { affected, byEntity };
}

export function updateAll(plan: SequencePlan, values: ObjectLiteral): Promise<WriteResult> {
  return writeAll(plan, async (manager, m) => {
    const { condition, parameters } = primaryKeyIn(undefined, m.qb);
    const result = await manager
      .createQueryBuilder()
      .update(m.member.metadata.target)
      .set(values)
      .where(condition)
      .setParameters(parameters)
      .updateEntity(false)
      .execute();
    return result.affected ?? 0;
  });
}

export function deleteAll(plan: SequencePlan): Promise<WriteResult> {
  return writeAll(plan, async (manager, m) => {
    const { condition, parameters } = primaryKeyIn(undefined, m.qb);
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(m.member.metadata.target)
      .where(condition)
      .setParameters(parameters)
      .execute();
    return result.affected ?? 0;
  });
}
