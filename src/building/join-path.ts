import { UnknownFieldError } from '../errors';
import { checkAlias, checkPath } from '../metadata/names';
import { commonFieldsOf, fieldsOf, resolvePath } from '../metadata/resolve-path';
import type { Member } from '../model/member';

/**
 * A join path must lead to a relation on every entity; its alias (given, else the path with `.` → `_`)
 * must be a plain identifier. Returns the alias.
 */
export function checkJoinPath(
  method: string,
  path: string,
  alias: string | undefined,
  members: readonly Member[],
): string {
  checkPath(path, `${method}(path)`);
  const checked = checkAlias(alias ?? path.replace(/\./g, '_'), `${method}(${JSON.stringify(path)}, alias)`);
  for (const member of members) {
    const resolved = resolvePath(member.metadata, path);
    if (resolved?.relation) continue;
    const parent = path.includes('.')
      ? resolvePath(member.metadata, path.slice(0, path.lastIndexOf('.')))
      : undefined;
    const known = parent?.relation
      ? fieldsOf(parent.relation.inverseEntityMetadata)
      : commonFieldsOf(members.map((m) => m.metadata));
    throw new UnknownFieldError(path, member.metadata.name, known, 'a join needs a relation on every entity');
  }
  return checked;
}
