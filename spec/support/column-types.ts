import type { ColumnOptions } from 'typeorm';
import type { DialectName } from './dialects';

/**
 * A nullable timestamp kept to the microsecond on each database: PostgreSQL `timestamp` (µs by default),
 * MariaDB `datetime(6)`, SQLite text.
 */
export function microsecondTimestamp(dialect: DialectName): ColumnOptions {
  return dialect === 'postgres'
    ? { type: 'timestamp', precision: 6, nullable: true }
    : dialect === 'mysql'
      ? { type: 'datetime', precision: 6, nullable: true }
      : { type: 'datetime', nullable: true };
}
