import { allOrderBysOf, joinedMetadataOf } from '../typeorm/internals';
import type { Member } from '../model/member';
import type { SequenceState } from '../model/sequence-state';
import type { MemberSortKey, SortSource } from '../model/member-sort-key';
import { flipDirection, flipNulls, parseOrderValue } from '../model/order-key';
import { checkOrderKey, resolveOrderKey } from '../ordering/resolve-order-key';
import { ordinalLabels } from '../dialect/enum-order';
import { resolvePath } from '../metadata/resolve-path';
import { dialectOf } from '../dialect/dialect';
import { planKeyTypes, type KeyTypes } from './key-type';
import type { NullsPlacement, SortDirection } from '../model/types';

/** A column of the key query and how it is sorted. */
export interface SortColumn {
  readonly name: string;
  readonly order: SortDirection;
  readonly nulls?: NullsPlacement;
  /** Filled by every builder (order keys, `#`); otherwise only by one builder, NULL in the others. */
  readonly shared: boolean;
  /**
   * An enum the database sorts by declaration (see ordering/enum-order.ts): its labels. The key query
   * then holds the label's ordinal, and positions the label.
   */
  readonly labels?: readonly string[];
}

/**
 * The sequence's total order as key-query columns: the order keys (`seq_k*`), then `#` (`seq_idx`), then
 * the builders' primary keys (`seq_t<#>_*`, one column for keys of one type), the last two in the
 * direction of the last key. With no order: `#`, then each builder's own order, then its primary key.
 * Columns after `#` only ever break ties between rows of one builder, so builders' keys never meet.
 */
export interface SortPlan {
  readonly columns: readonly SortColumn[];
  readonly sources: ReadonlyMap<number, ReadonlyMap<string, SortSource>>;
  readonly primaryKeyColumns: ReadonlyMap<number, readonly string[]>;
  /** How each builder's values of each column are compared and carried (see key-type.ts). */
  readonly keyTypes: KeyTypes;
}

export const INDEX_COLUMN = 'seq_idx';

export function planSort(
  state: Pick<SequenceState, 'orders' | 'reversed'>,
  members: readonly Member[],
): SortPlan {
  const columns: SortColumn[] = [];
  const sources = new Map(members.map((member) => [member.index, new Map<string, SortSource>()]));
  const primaryKeyColumns = new Map<number, string[]>();
  const paths = new Map<string, string>();
  const addShared = (
    name: string,
    order: SortDirection,
    nulls?: NullsPlacement,
    labels?: readonly string[],
  ) => {
    if (!columns.some((c) => c.name === name)) columns.push({ name, order, nulls, shared: true, labels });
  };
  for (const member of members) sources.get(member.index)!.set(INDEX_COLUMN, { kind: 'index' });

  let tailOrder: SortDirection = 'ASC';
  if (state.orders.length > 0) {
    for (const key of state.orders) checkOrderKey(key, members);
    const keysByMember = members.map((member) =>
      state.orders.flatMap((key) =>
        resolveOrderKey(key, member, members).map((k) => ({ ...k, path: key.path })),
      ),
    );
    keysByMember[0]?.forEach((key, j) => {
      const name = key.source.kind === 'index' ? INDEX_COLUMN : `seq_k${j}`;
      // checkOrderKey made sure every builder's enum has these labels
      const keySources = keysByMember.map((keys) => keys[j].source);
      addShared(name, key.order, key.nulls, ordinalLabels(members[0].dataSource, keySources));
      paths.set(name, key.path);
      members.forEach((member, i) => sources.get(member.index)!.set(name, keysByMember[i][j].source));
    });
    tailOrder = keysByMember[0]?.[keysByMember[0].length - 1]?.order ?? 'ASC';
    addShared(INDEX_COLUMN, tailOrder);
  } else {
    addShared(INDEX_COLUMN, 'ASC');
    for (const member of members) {
      ownOrderOf(member).forEach((key, j) => {
        const name = `seq_t${member.index}_o${j}`;
        const labels = ordinalLabels(member.dataSource, [key.source]);
        columns.push({ name, order: key.order, nulls: key.nulls, shared: false, labels });
        sources.get(member.index)!.set(name, key.source);
      });
    }
  }
  // `#` comes before the primary keys, so builders never compare theirs: keys of one type share a column
  // (each value the database returns costs the driver time).
  const keyColumnOfType = new Map<string, string>();
  for (const member of members) {
    const names = member.metadata.primaryColumns.map((column, j) => {
      const type = dialectOf(member.dataSource).unionType(member.dataSource, column)?.type;
      const sharing = type === undefined ? undefined : `${j}|${type}`;
      let name = sharing === undefined ? undefined : keyColumnOfType.get(sharing);
      if (name === undefined) {
        name = `seq_t${member.index}_p${j}`;
        columns.push({ name, order: tailOrder, shared: false });
        if (sharing !== undefined) keyColumnOfType.set(sharing, name);
      }
      sources.get(member.index)!.set(name, { kind: 'column', joinPath: '', column });
      return name;
    });
    primaryKeyColumns.set(member.index, names);
  }
  const ordered = state.reversed
    ? columns.map((c) => ({ ...c, order: flipDirection(c.order), nulls: flipNulls(c.nulls) }))
    : columns;
  const keyTypes = planKeyTypes(
    columns.map((c) => c.name),
    sources,
    members,
    (name) => paths.get(name) ?? name,
  );
  return { columns: ordered, sources, primaryKeyColumns, keyTypes };
}

/** A builder's own order: its orderBy, else its entity's `@Entity({ orderBy })` (TypeORM's `allOrderBys`). */
function ownOrderOf(member: Member): MemberSortKey[] {
  const orderBys = allOrderBysOf(member.builder);
  return Object.entries(orderBys).map(([expression, value]) => {
    const { order, nulls } = parseOrderValue(value);
    return { source: ownOrderSource(member, expression), order, nulls, signature: expression };
  });
}

function ownOrderSource(member: Member, expression: string): SortSource {
  const dot = expression.indexOf('.');
  const alias = dot < 0 ? '' : expression.slice(0, dot);
  const path = expression.slice(dot + 1);
  const escape = (name: string) => member.dataSource.driver.escape(name);
  const metadata = alias === member.alias ? member.metadata : joinedMetadataOf(member.builder, alias);
  const resolved = metadata && resolvePath(metadata, path);
  if (resolved?.column && resolved.relations.length === 0) {
    return {
      kind: 'raw',
      sql: `${escape(alias)}.${escape(resolved.column.databaseName)}`,
      column: resolved.column,
    };
  }
  return { kind: 'raw', sql: expression };
}

/** The relation paths the sort keys of one builder need joined. */
export function sortJoinPaths(plan: SortPlan, member: Member): string[] {
  const paths = new Set<string>();
  for (const source of plan.sources.get(member.index)?.values() ?? []) {
    if (source.kind !== 'column' || !source.joinPath) continue;
    const parts = source.joinPath.split('.');
    parts.forEach((_, i) => paths.add(parts.slice(0, i + 1).join('.')));
  }
  return [...paths];
}
