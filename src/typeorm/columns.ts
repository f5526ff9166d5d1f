import type { ColumnMetadata } from './types';

/** A column's ZEROFILL flag: `ColumnMetadata.zerofill` in TypeORM 0.3.x; 1.x has no such member (undefined). */
export function zerofillOf(column: ColumnMetadata): boolean | undefined {
  return (column as any).zerofill;
}
