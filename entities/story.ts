import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Category } from './category';
import { User } from './user';

/** The Django article's model: stories merged with `|` (see shared/reference). */
@Entity()
export class Story {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Column({ type: 'date' })
  date!: string;

  @ManyToOne(() => Category)
  category!: Category;

  @ManyToOne(() => User)
  author!: User;
}
