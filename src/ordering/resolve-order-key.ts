import type { EntityMetadata } from '../typeorm/internals';
import type { Member } from '../model/member';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { IncompatibleOrderingError, UnknownFieldError } from '../errors';
import { columnFamily } from '../metadata/column-family';
import { isToMany, joinPathsOf, resolvePath, suggestedFields } from '../metadata/resolve-path';
import { checkEnumKeys } from '../dialect/enum-order';
import type { MemberSortKey } from '../model/member-sort-key';
import { flipDirection, flipNulls, parseOrderValue, type OrderKey } from '../model/order-key';

/**
 * Resolves a sequence order key for one builder into the columns it compares. A relation (`'author'`)
 * orders by the related entity's default order, else its primary key.
 */
export function resolveOrderKey(key: OrderKey, member: Member, members: readonly Member[]): MemberSortKey[] {
  if (key.path === SEQUENCE_INDEX) {
    return [{ source: { kind: 'index' }, order: key.order, nulls: key.nulls, signature: `# ${key.order}` }];
  }
  const resolved = resolvePath(member.metadata, key.path);
  if (!resolved) {
    throw new UnknownFieldError(
      key.path,
      member.metadata.name,
      suggestedFields(
        String(key.path),
        members.map((m) => m.metadata),
      ),
    );
  }
  const toMany = [...resolved.relations, ...(resolved.relation ? [resolved.relation] : [])].find(isToMany);
  if (toMany) {
    throw new IncompatibleOrderingError(
      key.path,
      `${member.metadata.name}.${toMany.propertyPath} is a to-many relation, so a row has many values ` +
        `to order by. Order by a to-one relation or a column.`,
    );
  }
  const joinPaths = joinPathsOf(resolved);
  const base = joinPaths[joinPaths.length - 1] ?? '';
  if (resolved.column) {
    const family = columnFamily(resolved.column);
    return [
      {
        source: { kind: 'column', joinPath: base, column: resolved.column },
        order: key.order,
        nulls: key.nulls,
        signature: `${key.path} ${key.order} ${key.nulls ?? ''} ${family}`,
      },
    ];
  }
  const relation = resolved.relation!;
  const joinPath = base ? `${base}.${relation.propertyPath}` : relation.propertyPath;
  return defaultOrderOf(relation.inverseEntityMetadata).map(({ path, order, nulls }) => {
    const column = relation.inverseEntityMetadata.findColumnWithPropertyPath(path)!;
    const flipped = key.order === 'DESC';
    const finalOrder = flipped ? flipDirection(order) : order;
    const finalNulls = key.nulls ?? (flipped ? flipNulls(nulls) : nulls);
    return {
      source: { kind: 'column', joinPath, column },
      order: finalOrder,
      nulls: finalNulls,
      signature: `${key.path}.${path} ${finalOrder} ${finalNulls ?? ''} ${columnFamily(column)}`,
    };
  });
}

function defaultOrderOf(metadata: EntityMetadata) {
  const orderBy = metadata.orderBy;
  if (orderBy && typeof orderBy === 'object' && Object.keys(orderBy).length > 0) {
    const keys = Object.entries(orderBy).map(([path, value]) => ({ path, ...parseOrderValue(value) }));
    if (keys.every((k) => metadata.findColumnWithPropertyPath(k.path))) return keys;
  }
  return metadata.primaryColumns.map((c) => ({
    path: c.propertyPath,
    order: 'ASC' as const,
    nulls: undefined,
  }));
}

/** Throws, before any SQL, if the key is unknown or means different things on different entities. */
export function checkOrderKey(key: OrderKey, members: readonly Member[]): void {
  const resolvedByMember = members.map((member) => ({ member, keys: resolveOrderKey(key, member, members) }));
  const [first, ...rest] = resolvedByMember;
  if (!first) return;
  const expected = first.keys.map((k) => k.signature).join(', ');
  for (const other of rest) {
    const got = other.keys.map((k) => k.signature).join(', ');
    if (got !== expected) {
      throw new IncompatibleOrderingError(
        key.path,
        `it means [${expected}] on ${first.member.metadata.name} but [${got}] on ${other.member.metadata.name} ` +
          `(path, direction, nulls, type family). Give the entities the same default order, or order by ` +
          `explicit columns.`,
      );
    }
  }
  checkEnumKeys(key.path, resolvedByMember);
}
