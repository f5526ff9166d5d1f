import type { ObjectLiteral } from 'typeorm';
import { InvalidArgumentError, UnknownFieldError, UnsupportedOperationError } from '../errors';
import { checkPath } from '../metadata/names';
import { commonFieldsOf } from '../metadata/resolve-path';
import type { Member } from '../model/member';

/** update(values): every key must be a column or relation of every entity; `'#'` cannot be written. */
export function checkWriteValues(values: ObjectLiteral, members: readonly Member[]): void {
  if (!values || typeof values !== 'object' || Array.isArray(values) || Object.keys(values).length === 0) {
    throw new InvalidArgumentError(
      'update(values)',
      `give an object of the properties to set, e.g. update({ pages: 10 }).`,
    );
  }
  for (const key of Object.keys(values)) {
    if (key !== '#') checkPath(key, 'update(values)');
    for (const member of members) {
      const known =
        member.metadata.findRelationWithPropertyPath(key) ??
        member.metadata.findColumnWithPropertyPath(key) ??
        member.metadata.findEmbeddedWithPropertyPath(key);
      if (!known || key === '#') {
        throw new UnknownFieldError(
          key,
          member.metadata.name,
          commonFieldsOf(members.map((m) => m.metadata)),
        );
      }
    }
  }
}

/**
 * softDelete()/restore(): every entity needs a `@DeleteDateColumn`, checked for all of them before any
 * write runs (TypeORM would throw its MissingDeleteDateColumnError only when reaching that entity's write).
 */
export function checkSoftDeletable(method: 'softDelete' | 'restore', members: readonly Member[]): void {
  const missing = members.find((member) => !member.metadata.deleteDateColumn);
  if (missing) {
    throw new UnsupportedOperationError(
      `${method}(): ${missing.metadata.name} (builder #${missing.index}) has no @DeleteDateColumn, so its rows ` +
        `cannot be soft-deleted or restored. Add a @DeleteDateColumn() to ${missing.metadata.name}, leave it ` +
        `out of the sequence, or use delete().`,
    );
  }
}
