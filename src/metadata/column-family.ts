import type { ColumnMetadata } from '../typeorm/internals';

export type ColumnFamily = 'number' | 'string' | 'date' | 'boolean' | 'other';

const NUMBER = /int|float|double|decimal|numeric|real|number|money|serial/;
const STRING = /char|text|string|uuid|enum|clob|citext/;
const DATE = /date|time/;

/** Groups column types that a UNION can put into one column and compare. */
export function columnFamily(column: ColumnMetadata): ColumnFamily {
  const type = column.type;
  if (type === Number) return 'number';
  if (type === String) return 'string';
  if (type === Date) return 'date';
  if (type === Boolean) return 'boolean';
  const name = String(typeof type === 'function' ? type.name : type).toLowerCase();
  if (/bool|bit/.test(name)) return 'boolean';
  if (DATE.test(name)) return 'date';
  if (NUMBER.test(name)) return 'number';
  if (STRING.test(name)) return 'string';
  return 'other';
}

/** TypeORM's enum column types. */
export const isEnumColumn = (column: ColumnMetadata | undefined): boolean =>
  !!column && (column.type === 'enum' || column.type === 'simple-enum') && Array.isArray(column.enum);
