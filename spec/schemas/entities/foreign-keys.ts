import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/*
 * A foreign-key column declared next to its relation, in the three spellings users write.
 */

@Entity('shape_owner')
export class Owner {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  name!: string;
}

/** `@Column() ownerId` with `@JoinColumn({ name: 'ownerId' })`. */
@Entity('fk_joined')
export class JoinedFk {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  ownerId!: number;

  @ManyToOne(() => Owner)
  @JoinColumn({ name: 'ownerId' })
  owner?: Owner;
}

/** `@Column() ownerId` and the relation without `@JoinColumn`. */
@Entity('fk_plain')
export class PlainFk {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  ownerId!: number;

  @ManyToOne(() => Owner)
  owner?: Owner;
}

/** `@Column({ name: 'owner_id' }) ownerId` with `@JoinColumn({ name: 'owner_id' })`. */
@Entity('fk_named')
export class NamedFk {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'owner_id' })
  ownerId!: number;

  @ManyToOne(() => Owner)
  @JoinColumn({ name: 'owner_id' })
  owner?: Owner;
}
