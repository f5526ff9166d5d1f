import { bareCopy } from '../planning/branch-sql';
import { withValues } from '../planning/parameter-binding';
import type { SequencePlan } from '../planning/plan-sequence';

/**
 * Is this entity (same class, same primary key) among the sequence's rows? One EXISTS per candidate builder.
 * An EntitySchema without a class gives plain objects: any such builder is a candidate for a plain object.
 */
export async function containsEntity(plan: SequencePlan, entity: object): Promise<boolean> {
  for (const m of plan.active) {
    if (!isOf(m.member.metadata.target, entity)) continue;
    const id = m.member.metadata.getEntityIdMap(entity);
    if (!id) continue;
    if (await withValues(bareCopy(m), m, plan.binding).select('1').andWhereInIds(id).getExists()) return true;
  }
  return false;
}

function isOf(target: Function | string, entity: object): boolean {
  return typeof target === 'string'
    ? Object.getPrototypeOf(entity) === Object.prototype
    : target === entity.constructor;
}
