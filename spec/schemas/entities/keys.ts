import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Generated uuid primary keys; titles with case, accents and ties. */
@Entity('uuid_ticket')
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  title!: string;
}

@Entity('uuid_voucher')
export class Voucher {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  title!: string;
}

/** A composite primary key: an int and a varchar. */
@Entity('pair_left')
export class PairLeft {
  @PrimaryColumn({ type: 'int' })
  a!: number;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  b!: string;

  @Column({ type: 'int', nullable: true })
  rank!: number | null;
}

@Entity('pair_right')
export class PairRight {
  @PrimaryColumn({ type: 'int' })
  a!: number;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  b!: string;

  @Column({ type: 'int', nullable: true })
  rank!: number | null;
}
