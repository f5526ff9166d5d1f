import { Column, Entity, PrimaryColumn } from 'typeorm';

/*
 * Small entities for the property-based specs: the same three nullable fields (an int, a varchar over a
 * tiny alphabet, a date) so that ties and NULLs are frequent, and three kinds of primary key.
 */

@Entity('prop_alpha')
export class Alpha {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  n!: number | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  s!: string | null;

  @Column({ type: 'date', nullable: true })
  d!: string | null;
}

/** Keyed by a string. */
@Entity('prop_beta')
export class Beta {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  id!: string;

  @Column({ type: 'int', nullable: true })
  n!: number | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  s!: string | null;

  @Column({ type: 'date', nullable: true })
  d!: string | null;
}

/** Keyed by two ints. */
@Entity('prop_gamma')
export class Gamma {
  @PrimaryColumn({ type: 'int' })
  a!: number;

  @PrimaryColumn({ type: 'int' })
  b!: number;

  @Column({ type: 'int', nullable: true })
  n!: number | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  s!: string | null;

  @Column({ type: 'date', nullable: true })
  d!: string | null;
}

export const PROPERTY_ENTITIES = [Alpha, Beta, Gamma];

/** `'Alpha:3'`, `'Beta:xy'`, `'Gamma:1-2'`. */
export function propertyLabel(entity: object): string {
  if (entity instanceof Gamma) return `Gamma:${entity.a}-${entity.b}`;
  return `${entity.constructor.name}:${(entity as Alpha | Beta).id}`;
}
