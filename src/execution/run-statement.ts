import type { Materialized } from '../planning/materialize';
import { bindParameters, type Binding } from '../planning/parameter-binding';
import type { Statement } from '../planning/statement';
import { withReadRunner } from '../typeorm/internals';

/**
 * Runs raw SQL where the builder's getMany() would run: on its own QueryRunner (a transaction's) if it
 * has one, else on a QueryRunner of its own in TypeORM's mode for reads (a replica unless
 * `replication.defaultMode` says 'master'), released after. Statements that run at once (the counts of a
 * pooled DataSource) each get their own. The request's `binding` fills the slots of SQL built from a
 * shared plan.
 */
export function runStatement(
  on: Materialized,
  statement: Statement,
  binding: Binding | undefined,
): Promise<any[]> {
  return withReadRunner(on.member.builder, (runner) =>
    runner.query(statement.sql, bindParameters(on.member.dataSource, statement.parameters, binding)),
  );
}
