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

/** The DataSource of a builder (`dataSource` in TypeORM 1.x, `connection` in 0.3.x). */
export function dataSourceOf(builder: SelectQueryBuilder<any>): import('typeorm').DataSource {
  return (builder as any).dataSource ?? (builder as any).connection;
}

/**
 * A cloned builder's joins still look at the original builder's selects (TypeORM's JoinAttribute copy
 * keeps the old expression map) and cache the answer. After changing a clone's selects, point its joins
 * at its own map and drop that cache, or a newly selected join is not hydrated.
 */
export function rebindJoins(builder: SelectQueryBuilder<any>): void {
  for (const join of builder.expressionMap.joinAttributes) {
    (join as any).queryExpressionMap = builder.expressionMap;
    join.isSelectedEvaluated = false;
  }
}

/**
 * Wraps the conditions a builder already has in brackets, so that an `andWhere` added after them cannot
 * be swallowed by an OR among them (`a OR b AND c` is `a OR (b AND c)` in SQL).
 */
export function bracketOwnConditions(builder: SelectQueryBuilder<any>): void {
  const wheres = builder.expressionMap.wheres;
  if (wheres.length === 0) return;
  builder.expressionMap.wheres = [
    { type: 'and', condition: { operator: 'brackets', condition: wheres } as any },
  ];
}

/** Has the builder been paged (skip/take/limit/offset)? Such a builder cannot be merged or sequenced. */
export function isPaged(builder: SelectQueryBuilder<any>): boolean {
  const map = builder.expressionMap;
  return (
    map.skip !== undefined || map.take !== undefined || map.limit !== undefined || map.offset !== undefined
  );
}
