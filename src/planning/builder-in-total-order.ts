import type { SelectQueryBuilder } from 'typeorm';
import { dialectOf } from '../dialect/dialect';
import { sourceSql } from './branch-sql';
import type { Materialized } from './materialize';
import type { SortPlan } from './sort-plan';
import { unorderedClone } from '../typeorm/internals';

/** A clone of the builder ordered by its part of the sequence's total order (`#` is constant in it). */
export function builderInTotalOrder(m: Materialized, plan: SortPlan): SelectQueryBuilder<any> {
  // Ordered below, so the entity's own order would not apply anyway.
  const qb = unorderedClone(m.qb, { keepEntityOrder: true });
  const sources = plan.sources.get(m.member.index)!;
  const mysql = dialectOf(m.member.dataSource) === 'mysql';
  for (const column of plan.columns) {
    const source = sources.get(column.name);
    if (!source || source.kind === 'index') continue;
    const expr = sourceSql(m, source);
    if (column.nulls && mysql) {
      qb.addOrderBy(`(${expr} IS NULL)`, column.nulls === 'NULLS FIRST' ? 'DESC' : 'ASC');
      qb.addOrderBy(expr, column.order);
    } else {
      qb.addOrderBy(expr, column.order, column.nulls);
    }
  }
  return qb;
}
