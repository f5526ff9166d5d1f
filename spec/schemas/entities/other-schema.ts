import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Tables in a PostgreSQL schema other than `public`. */
@Entity({ name: 'ledger', schema: 'other' })
export class Ledger {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  amount!: number | null;
}

@Entity({ name: 'journal', schema: 'other' })
export class Journal {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  amount!: number | null;
}
