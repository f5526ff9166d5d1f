import { UnknownFieldError } from '../errors';
import { commonFieldsOf, fieldsOf, resolvePath } from '../metadata/resolve-path';
import type { Member } from './member';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A join path must lead to a relation on every entity; an alias must be a plain identifier. */
export function checkJoinPath(path: string, alias: string | undefined, members: readonly Member[]): void {
  if (typeof path !== 'string' || !path)
    throw new TypeError(`A join path must be a relation path such as 'author'.`);
  if (alias !== undefined && !IDENTIFIER.test(alias)) {
    throw new TypeError(
      `Join alias '${alias}' for '${path}' must be a plain identifier (letters, digits, _).`,
    );
  }
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
}
