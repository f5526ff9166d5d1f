import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Publisher } from './publisher';

@Entity({ orderBy: { name: 'ASC' } })
export class Author {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @ManyToOne(() => Publisher, { nullable: true, eager: false })
  publisher!: Publisher | null;
}
