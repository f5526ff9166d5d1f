import type { SelectQueryBuilder } from 'typeorm';
import { dialectOf } from '../dialect/dialect';
import { sourceSql } from './branch-sql';
import type { Materialized } from './materialize';
import type { SortPlan } from './sort-plan';
import { unorderedClone } from '../typeorm/internals';

/** A clone of the builder ordered by its part of the sequence's total order (`#` is constant in it). */
export function builderInTotalOrder(materialized: Materialized, plan: SortPlan): SelectQueryBuilder<any> {
  // Ordered below, so the entity's own order would not apply anyway.
  const qb = unorderedClone(materialized.qb, { keepEntityOrder: true });
  const sources = plan.sources.get(materialized.member.index)!;
  const dialect = dialectOf(materialized.member.dataSource);
  for (const column of plan.columns) {
    const source = sources.get(column.name);
    if (!source || source.kind === 'index') continue;
    for (const term of dialect.orderTerms(sourceSql(materialized, source), column.order, column.nulls))
      qb.addOrderBy(term.sql, term.order, term.nulls);
  }
  return qb;
}
