import type { Materialized } from '../planning/materialize';
import type { Statement } from '../planning/statement';
import { queryRunnerOf } from '../planning/typeorm-internals';

/** Runs raw SQL where the builder would run: on its transaction's QueryRunner if it has one. */
export async function runStatement(on: Materialized, statement: Statement): Promise<any[]> {
  const dataSource = on.member.dataSource;
  return dataSource.query(statement.sql, [...statement.parameters], queryRunnerOf(on.member.builder));
}
