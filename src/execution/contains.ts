import { bareCopy } from '../planning/key-query';
import type { SequencePlan } from '../planning/plan-sequence';

/** Is this entity (same class, same primary key) among the sequence's rows? One EXISTS per candidate builder. */
export async function containsEntity(plan: SequencePlan, entity: object): Promise<boolean> {
  for (const m of plan.active) {
    if (m.member.metadata.target !== entity.constructor) continue;
    const id = m.member.metadata.getEntityIdMap(entity);
    if (!id) continue;
    if (await bareCopy(m).select('1').andWhereInIds(id).getExists()) return true;
  }
  return false;
}
