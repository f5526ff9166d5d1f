import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sequenced } from '../src';
import { User } from './user';

/**
 * A foreign-key column declared next to its relation, joined by name: `ownerId` is a field like any
 * column (issue 11). Video and Sketch spell the same column the two other usual ways.
 */
@Sequenced({ sequence: 'gallery', latestBy: 'taken' })
@Entity()
export class Photo {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  taken!: string | null;

  @Column({ type: 'int', nullable: true })
  ownerId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'ownerId' })
  owner!: User | null;
}
