import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sequenced } from '../src';
import { User } from './user';

/** `ownerId` next to `owner` with no @JoinColumn: TypeORM's default join column name is `ownerId`. */
@Sequenced({ sequence: 'gallery', latestBy: 'taken' })
@Entity()
export class Video {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  taken!: string | null;

  @Column({ type: 'int', nullable: true })
  ownerId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  owner!: User | null;
}
