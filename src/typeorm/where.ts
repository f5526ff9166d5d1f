import type { Brackets, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dataSourceOf } from './data-source';

/*
 * WHERE conditions: TypeORM's protected compilers of a condition to SQL, and the builder's list of
 * conditions (`expressionMap.wheres`).
 */

/** The SQL text (with `:named` parameters) TypeORM generates for a Brackets inside `builder`. */
export function whereSqlOf(builder: SelectQueryBuilder<any>, brackets: Brackets): string {
  const anyBuilder = builder as any;
  const condition = anyBuilder.getWhereCondition(brackets);
  return anyBuilder.createWhereConditionExpression(condition, true);
}

/**
 * The SQL text TypeORM generates for a FindOptionsWhere `object` on `target` selected as `alias`, with its
 * parameters added to `root`'s: compiled by a builder of that one entity level whose parent is `root`
 * (TypeORM names parameters uniquely across a builder and its parents).
 */
export function objectWhereSqlOf(
  root: SelectQueryBuilder<any>,
  target: EntityTarget<any>,
  alias: string,
  object: ObjectLiteral,
): string {
  const level: any = dataSourceOf(root).createQueryBuilder(target, alias);
  level.parentQueryBuilder = root;
  level.expressionMap.parameters = root.expressionMap.parameters;
  return level.createWhereConditionExpression(level.getWhereCondition(object), true);
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

/** Drops every condition of a builder (its joins, selection and order stay). */
export function dropConditions(builder: SelectQueryBuilder<any>): void {
  builder.expressionMap.wheres = [];
}
