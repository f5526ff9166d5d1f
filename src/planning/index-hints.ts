import type { ColumnMetadata } from '../typeorm/internals';
import { dialectOf } from '../dialect/dialect';
import { createIndexSql, indexName, indexServes, type IndexColumn } from '../dialect/index-syntax';
import { isFindOperator, isPlainObject } from '../filtering/find-operator';
import { resolvePath } from '../metadata/resolve-path';
import type { SortSource } from '../model/member-sort-key';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import type { SequenceState } from '../model/sequence-state';
import type { Materialized } from './materialize';
import type { SequencePlan } from './plan-sequence';
import { INDEX_COLUMN } from './sort-plan';

/** The index one builder's part of the sequence needs so that a page reads only its own rows. */
export interface IndexHint {
  /** The entity class name. */
  readonly entity: string;
  /** The builder's `#`. */
  readonly index: number;
  /** The table the index is on. */
  readonly table: string;
  /** `CREATE INDEX …` in the database's syntax; null when no index on the table can serve the order. */
  readonly sql: string | null;
  /** The index's columns with their directions, e.g. `['medium ASC', 'release DESC', 'id DESC']`. */
  readonly columns: readonly string[];
  /**
   * Why the advice is partial or missing: an order key the table's columns cannot serve (a joined path, a
   * raw SQL order, an enum ordered by declaration where the database sorts by label, a NULL placement the
   * database writes as an expression), or an order the primary key's own index already serves.
   */
  readonly note?: string;
}

/**
 * For each builder that can have rows: the columns compared with `=` by the sequence's object filters
 * (ANDed, not negated), then its keys of the total order with their directions, then its primary key (the
 * tie-breaker, in the direction of the last key); stopped at the first key a column of its own table cannot
 * serve. The builders' own SQL conditions are not read.
 */
export function indexHints(plan: SequencePlan, state: SequenceState): IndexHint[] {
  return plan.active.map((m) => hintFor(m, plan, state));
}

function hintFor(m: Materialized, plan: SequencePlan, state: SequenceState): IndexHint {
  const { metadata, dataSource, index } = m.member;
  const dialect = dialectOf(dataSource);
  const columns: IndexColumn[] = [];
  const taken = new Set<string>();
  const add = (column: ColumnMetadata, order: IndexColumn['order']) => {
    if (taken.has(column.databaseName)) return;
    taken.add(column.databaseName);
    columns.push({ name: column.databaseName, order });
  };
  const equal = equalityColumns(m, state);
  for (const column of equal) add(column, 'ASC');
  let note: string | undefined;
  const sources = plan.sort.sources.get(index)!;
  const types = plan.sort.keyTypes.get(index);
  for (const sort of plan.sort.columns) {
    if (sort.name === INDEX_COLUMN) continue;
    const source = sources.get(sort.name);
    if (!source || source.kind === 'index') continue;
    const column = ownColumn(m, source);
    const reason = !column
      ? `it orders by ${describeSource(source)}, which is not a column of ${metadata.tableName}`
      : sort.labels
        ? `it orders ${column.propertyPath} (an enum) by declaration, through an expression`
        : types?.get(sort.name)?.cast
          ? `it compares ${column.propertyPath} as ${types.get(sort.name)!.cast} (other builders' type), through a cast`
          : !indexServes(dialect, sort.order, sort.nulls)
            ? `it places NULLs of ${column.propertyPath} ${sort.nulls === 'NULLS FIRST' ? 'first' : 'last'} ${sort.order}, which this database orders through an expression`
            : undefined;
    if (reason) {
      note = `No index on ${metadata.tableName} serves the rest of the order: ${reason}; the advice covers the keys before it.`;
      break;
    }
    add(column!, sort.order);
  }
  const table = metadata.tableName;
  const shown = columns.map((c) => `${c.name} ${c.order}`);
  const noIndex = (why: string) => ({
    entity: metadata.name,
    index,
    table,
    sql: null,
    columns: shown,
    note: note ?? why,
  });
  if (columns.length === 0) return noIndex('Nothing to index.');
  const primary = metadata.primaryColumns.map((c) => c.databaseName);
  const onlyPrimary =
    columns.length === primary.length &&
    columns.every((c, i) => c.name === primary[i] && c.order === columns[0].order);
  if (onlyPrimary) return noIndex(`The primary key's own index serves this order.`);
  const name = indexName(table, columns);
  const sql = createIndexSql(dataSource, { name: table, schema: metadata.schema }, name, columns);
  return { entity: metadata.name, index, table, sql, columns: shown, ...(note && { note }) };
}

/** The column a sort source reads, when it is a plain column of the builder's own table. */
function ownColumn(m: Materialized, source: SortSource): ColumnMetadata | undefined {
  if (source.kind === 'column') return source.joinPath ? undefined : source.column;
  if (source.kind !== 'raw' || !source.column) return undefined;
  const escape = (n: string) => m.member.dataSource.driver.escape(n);
  const plain = `${escape(m.member.alias)}.${escape(source.column.databaseName)}`;
  return source.sql === plain && source.column.entityMetadata === m.member.metadata
    ? source.column
    : undefined;
}

function describeSource(source: SortSource): string {
  if (source.kind === 'column') return `${source.joinPath}.${source.column.propertyPath} (a joined table)`;
  if (source.kind === 'raw') return `the SQL ${source.sql}`;
  return "'#'";
}

/**
 * Columns of the builder's own table that every row of the sequence has one value in: keys of where()
 * objects with a plain value or Equal(), when every filter term is ANDed and not negated.
 */
function equalityColumns(m: Materialized, state: SequenceState): ColumnMetadata[] {
  if (state.filters.some((t) => t.connective === 'or' || t.negated)) return [];
  const columns: ColumnMetadata[] = [];
  for (const term of state.filters) {
    if (!isPlainObject(term.condition)) continue;
    for (const [key, value] of Object.entries(term.condition)) {
      if (key === SEQUENCE_INDEX || !isEquality(value)) continue;
      const resolved = resolvePath(m.member.metadata, key);
      if (resolved?.column && resolved.relations.length === 0) columns.push(resolved.column);
    }
  }
  return columns;
}

function isEquality(value: unknown): boolean {
  if (isFindOperator(value)) return (value as { type?: string }).type === 'equal';
  return ['string', 'number', 'bigint', 'boolean'].includes(typeof value) || value instanceof Date;
}
