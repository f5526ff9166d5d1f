import { Column, DeleteDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Soft-deletable entities (`@DeleteDateColumn`). */
@Entity('soft_draft')
export class Draft {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  priority!: number;

  @DeleteDateColumn({ nullable: true })
  deletedAt!: Date | null;
}

@Entity('soft_memo')
export class Memo {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  priority!: number;

  @DeleteDateColumn({ nullable: true })
  removedAt!: Date | null;
}
