import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { objectWhereSqlOf, type EntityMetadata } from '../typeorm/internals';
import { isPlainObject } from './find-operator';
import { relationNeedsJoin } from './object-condition';

/** Where a condition is being applied: the builder that holds parameters, and the alias of each joined path. */
export interface ApplyContext {
  readonly root: SelectQueryBuilder<any>;
  readonly aliasOf: (joinPath: string) => string;
}

/**
 * SQL for a FindOptionsWhere object. Columns (and embeddeds, FindOperators) are compiled by TypeORM, one
 * entity level at a time, against the alias that level is joined under; relations are walked here, so
 * nested and to-many conditions work the same in TypeORM 0.3 and 1.x. Parameters land in `root`.
 */
export function compileObject(
  context: ApplyContext,
  metadata: EntityMetadata,
  object: ObjectLiteral,
  path = '',
): string {
  const parts: string[] = [];
  const plain: ObjectLiteral = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    const relation = metadata.findRelationWithPropertyPath(key);
    if (relation && isPlainObject(value) && relationNeedsJoin(relation, value)) {
      const joinPath = path ? `${path}.${key}` : key;
      if (Object.keys(value).length > 0)
        parts.push(compileObject(context, relation.inverseEntityMetadata, value, joinPath));
    } else {
      plain[key] = value;
    }
  }
  if (Object.keys(plain).length > 0) parts.unshift(compileAtLevel(context, metadata, path, plain));
  return parts.length === 0 ? '1=1' : parts.map((p) => `(${p})`).join(' AND ');
}

function compileAtLevel(
  context: ApplyContext,
  metadata: EntityMetadata,
  path: string,
  object: ObjectLiteral,
): string {
  return objectWhereSqlOf(context.root, metadata.target, context.aliasOf(path), object);
}
