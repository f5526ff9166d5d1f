import type { EntityMetadata, RelationMetadata } from '../typeorm/internals';
import type { Member } from '../model/member';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { InvalidArgumentError, UnknownFieldError } from '../errors';
import { checkPath, shown } from '../metadata/names';
import { commonFieldsOf, fieldsOf, isFieldColumn } from '../metadata/resolve-path';
import { isPlainObject } from './find-operator';
import { matchesIndex } from './index-condition';

type WhereObject = Record<string, unknown>;

/** Checks every field of a FindOptionsWhere-style object against every entity, before any SQL. */
export function validateObjectCondition(
  condition: WhereObject | WhereObject[],
  members: readonly Member[],
): void {
  const objects = Array.isArray(condition) ? condition : [condition];
  for (const object of objects) {
    if (!isPlainObject(object)) {
      throw new InvalidArgumentError(
        'where(condition)',
        `a condition must be an object (or an array of objects); got ${shown(object)}.`,
      );
    }
    if (SEQUENCE_INDEX in object) matchesIndex(object[SEQUENCE_INDEX], 0);
    for (const member of members) {
      walk(object, member.metadata, '', '', () => commonFieldsOf(members.map((m) => m.metadata)), member);
    }
  }
}

function walk(
  object: WhereObject,
  metadata: EntityMetadata,
  embedPrefix: string,
  shownPrefix: string,
  knownFields: () => string[],
  member: Member,
): void {
  for (const key of Object.keys(object)) {
    if (!shownPrefix && key === SEQUENCE_INDEX) continue;
    const value = object[key];
    const path = embedPrefix ? `${embedPrefix}.${key}` : key;
    // The whole path so far: checking it bounds the nesting too, before any metadata lookup.
    const full = checkPath(shownPrefix ? `${shownPrefix}.${key}` : key, 'where(condition)');
    const relation = metadata.findRelationWithPropertyPath(path);
    if (relation) {
      if (isPlainObject(value)) {
        const target = relation.inverseEntityMetadata;
        walk(value, target, '', full, () => fieldsOf(target), member);
      }
      continue;
    }
    if (metadata.findEmbeddedWithPropertyPath(path)) {
      if (isPlainObject(value)) walk(value, metadata, path, full, knownFields, member);
      continue;
    }
    const column = metadata.findColumnWithPropertyPath(path);
    if (column && isFieldColumn(column)) continue;
    throw new UnknownFieldError(full, member.metadata.name, knownFields());
  }
}

/** Splits off the `'#'` key, which selects builders instead of rows. */
export function splitIndexKey(object: WhereObject): { index: unknown; rest: WhereObject } {
  const { [SEQUENCE_INDEX]: index, ...rest } = object;
  return { index, rest };
}

/**
 * Relation paths an object condition needs joined. TypeORM's `qb.where(object)` resolves nested relation
 * fields through existing joins but never adds them; a to-one relation given with all its join columns
 * is compared on the foreign key and needs no join.
 */
export function joinPathsOfObject(object: WhereObject, metadata: EntityMetadata, prefix = ''): string[] {
  const paths: string[] = [];
  const visit = (obj: WhereObject, meta: EntityMetadata, embed: string, relationPrefix: string) => {
    for (const key of Object.keys(obj)) {
      if (!relationPrefix && !embed && key === SEQUENCE_INDEX) continue;
      const value = obj[key];
      if (!isPlainObject(value)) continue;
      const path = embed ? `${embed}.${key}` : key;
      const relation = meta.findRelationWithPropertyPath(path);
      if (relation) {
        if (!relationNeedsJoin(relation, value)) continue;
        const joinPath = relationPrefix ? `${relationPrefix}.${path}` : path;
        paths.push(joinPath);
        visit(value, relation.inverseEntityMetadata, '', joinPath);
      } else if (meta.findEmbeddedWithPropertyPath(path)) {
        visit(value, meta, path, relationPrefix);
      }
    }
  };
  visit(object, metadata, '', prefix);
  return paths;
}

/**
 * Does a nested condition on this relation need a join? Not for a to-one relation given with all its
 * join columns: TypeORM compares those on the foreign key, as `{ author: { id: 3 } }`.
 */
export function relationNeedsJoin(relation: RelationMetadata, value: WhereObject): boolean {
  if (!(relation.isManyToOne || relation.isOneToOneOwner)) return true;
  const referenced = relation.joinColumns.map((j) => j.referencedColumn).filter((c) => !!c);
  return !(referenced.length > 0 && referenced.every((c) => !!c!.getEntityValue(value, false)));
}
