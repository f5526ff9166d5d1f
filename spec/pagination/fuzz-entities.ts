import { Column, Entity, PrimaryColumn, type ColumnOptions } from 'typeorm';
import type { DialectName } from '../support/dialects';

/**
 * Two entities for the cursor fuzz spec with the same nullable key columns of every family a cursor
 * carries: integers of three widths, a decimal, a float, text, a date, a timestamp without and with a
 * time zone, a boolean and a uuid; one keyed by an int, the other by a uuid. Types are each database's
 * own (`timestamptz` on PostgreSQL, `datetime(6)`/`timestamp(6)` on MariaDB, text on SQLite).
 */
export function fuzzEntities(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const my = dialect === 'mysql';
  const at: ColumnOptions = pg
    ? { type: 'timestamp', precision: 6 }
    : my
      ? { type: 'datetime', precision: 6 }
      : { type: 'datetime' };
  const atz: ColumnOptions = pg
    ? { type: 'timestamptz', precision: 6 }
    : my
      ? { type: 'timestamp', precision: 6 }
      : { type: 'datetime' };
  const real: ColumnOptions = { type: my ? 'float' : 'real' };
  const time: ColumnOptions = pg ? { type: 'timetz' } : { type: 'time' };

  abstract class Keys {
    @Column({ type: 'smallint', nullable: true })
    small!: number | null;

    @Column({ type: 'bigint', nullable: true })
    big!: string | null;

    @Column({ type: 'decimal', precision: 10, scale: 2, nullable: true })
    dec!: string | null;

    @Column({ ...real, nullable: true })
    real!: number | null;

    @Column({ type: 'varchar', length: 20, nullable: true })
    label!: string | null;

    @Column({ type: 'date', nullable: true })
    day!: string | null;

    @Column({ ...at, nullable: true })
    at!: Date | null;

    @Column({ ...atz, nullable: true })
    atz!: Date | null;

    @Column({ ...time, nullable: true })
    clock!: string | null;

    @Column({ type: 'boolean', nullable: true })
    flag!: boolean | null;

    @Column({ type: 'uuid', nullable: true })
    ref!: string | null;
  }

  @Entity('fuzz_int')
  class FuzzInt extends Keys {
    @PrimaryColumn({ type: 'int' })
    id!: number;
  }

  @Entity('fuzz_uuid')
  class FuzzUuid extends Keys {
    @PrimaryColumn({ type: 'uuid' })
    id!: string;
  }
  return { FuzzInt, FuzzUuid };
}
