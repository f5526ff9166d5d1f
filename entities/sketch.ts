import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, RelationId } from 'typeorm';
import { Sequenced } from '../src';
import { User } from './user';

/**
 * `ownerId` stored as `owner_id`, the relation joined on that column name. The @RelationId next to them
 * must keep being filled (it also makes the sequence load Sketches by primary key instead of carrying them).
 */
@Sequenced({ sequence: 'gallery', latestBy: 'taken' })
@Entity()
export class Sketch {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  taken!: string | null;

  @Column({ name: 'owner_id', type: 'int', nullable: true })
  ownerId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'owner_id' })
  owner!: User | null;

  @RelationId((sketch: Sketch) => sketch.owner)
  ownerRef!: number | null;
}
