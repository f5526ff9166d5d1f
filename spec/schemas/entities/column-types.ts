import { Column, Entity, PrimaryColumn, type ColumnOptions } from 'typeorm';
import type { DialectName } from '../../support/dialects';

/** Declared out of alphabetical order, so that an enum's own order and its text order differ. */
export const KINDS = ['medium', 'low', 'high'] as const;
export type Kind = (typeof KINDS)[number];

export interface Typed {
  id: number;
  kind: Kind | null;
  flag: boolean | null;
  price: string | number | null;
  big: string | null;
  meta: { tags: string[] } | null;
}

/** Classes are made per dialect: an enum is a native ENUM on PostgreSQL/MariaDB and a checked text on SQLite. */
export function typedEntities(dialect: DialectName): [new () => Typed, new () => Typed] {
  const kind: ColumnOptions =
    dialect === 'sqlite'
      ? { type: 'simple-enum', enum: KINDS, nullable: true }
      : { type: 'enum', enum: KINDS, enumName: 'shape_kind', nullable: true };
  const meta: ColumnOptions = { type: dialect === 'sqlite' ? 'simple-json' : 'json', nullable: true };

  @Entity('typed_priced')
  class Priced implements Typed {
    @PrimaryColumn({ type: 'int' }) id!: number;
    @Column(kind) kind!: Kind | null;
    @Column({ type: 'boolean', nullable: true }) flag!: boolean | null;
    @Column({ type: 'decimal', precision: 10, scale: 2, nullable: true }) price!: string | null;
    @Column({ type: 'bigint', nullable: true }) big!: string | null;
    @Column(meta) meta!: { tags: string[] } | null;
  }

  @Entity('typed_stocked')
  class Stocked implements Typed {
    @PrimaryColumn({ type: 'int' }) id!: number;
    @Column(kind) kind!: Kind | null;
    @Column({ type: 'boolean', nullable: true }) flag!: boolean | null;
    @Column({ type: 'decimal', precision: 10, scale: 2, nullable: true }) price!: string | null;
    @Column({ type: 'bigint', nullable: true }) big!: string | null;
    @Column(meta) meta!: { tags: string[] } | null;
  }

  return [Priced, Stocked];
}
