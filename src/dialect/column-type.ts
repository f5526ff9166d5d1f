import { zerofillOf, type ColumnMetadata } from '../typeorm/internals';
import type { DataSource } from 'typeorm';

const VARYING_TEXT = /^(character varying|varchar|nvarchar)$/;

/** A column's type signature for UNION, with its normalized type name. */
export interface UnionSignature {
  readonly normalized: string;
  readonly type: string;
}

/**
 * The column's type signature on a database whose UNION converts to a common type (PostgreSQL,
 * MariaDB/MySQL): only columns whose values it returns unchanged share one. Undefined for a virtual or
 * missing column.
 */
export function unionSignature(
  dataSource: DataSource,
  column: ColumnMetadata | undefined,
): UnionSignature | undefined {
  if (!column || column.isVirtualProperty) return undefined;
  const normalized = dataSource.driver.normalizeType(column);
  const type = JSON.stringify([
    normalized,
    // UNION gives varchars of different lengths the longest (PostgreSQL: no) length, values unchanged
    VARYING_TEXT.test(normalized) ? '' : column.length,
    column.precision,
    column.scale,
    column.unsigned,
    zerofillOf(column),
    column.isArray,
    column.charset,
    column.collation,
    column.enum,
  ]);
  return { normalized, type };
}
