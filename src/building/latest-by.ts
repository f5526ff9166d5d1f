import { IncompatibleOrderingError } from '../errors';
import { findSequencedEntry } from '../registration/registry';
import type { Member } from '../model/member';

/** The `@Sequenced({ latestBy })` paths every entity agrees on (Django's `get_latest_by`). */
export function commonLatestBy(members: readonly Member[], method: string): string[] {
  const byEntity = members.map((m) => ({
    name: m.metadata.name,
    latestBy: findSequencedEntry(m.metadata.target)?.latestBy,
  }));
  const missing = byEntity.filter((e) => !e.latestBy?.length).map((e) => e.name);
  if (missing.length > 0) {
    throw new IncompatibleOrderingError(
      'latestBy',
      `${method}() without paths needs @Sequenced({ latestBy }) (or sequenced(entity, { latestBy })) on every entity; missing on ${missing.join(', ')}. ` +
        `Pass the paths: ${method}('release').`,
    );
  }
  const first = byEntity[0];
  const differing = byEntity.find((e) => e.latestBy!.join(',') !== first.latestBy!.join(','));
  if (differing) {
    throw new IncompatibleOrderingError(
      'latestBy',
      `entities disagree: ${first.name} has latestBy [${first.latestBy}] but ${differing.name} has ` +
        `[${differing.latestBy}]. Make them agree, or pass the paths to ${method}().`,
    );
  }
  return [...(first?.latestBy ?? [])];
}
