import type { Brackets, SelectQueryBuilder } from 'typeorm';

/*
 * The few TypeORM internals this package relies on, kept in one place. They exist, unchanged, in
 * TypeORM 0.3.x and 1.x; a spec exercises each on every dialect.
 */

/** The SQL text (with `:named` parameters) TypeORM generates for a Brackets inside `builder`. */
export function whereSqlOf(builder: SelectQueryBuilder<any>, brackets: Brackets): string {
  const anyBuilder = builder as any;
  const condition = anyBuilder.getWhereCondition(brackets);
  return anyBuilder.createWhereConditionExpression(condition, true);
}

/** The QueryRunner a builder was created with (a transaction's), if any. */
export function queryRunnerOf(builder: SelectQueryBuilder<any>) {
  return (builder as any).queryRunner as import('typeorm').QueryRunner | undefined;
}
