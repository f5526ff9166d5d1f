import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sequenced } from '../src';
import { Author } from './author';
import { Tag } from './tag';

@Sequenced({ sequence: ['publications', 'feed'], latestBy: 'release', position: 1 })
@Entity()
export class Article {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  release!: string | null;

  @Column({ type: 'int', default: 0 })
  pages!: number;

  /** The newspaper or magazine: only articles have one. */
  @Column({ type: 'varchar', length: 100, default: '' })
  medium!: string;

  @ManyToOne(() => Author, { nullable: true })
  author!: Author | null;

  @ManyToMany(() => Tag)
  @JoinTable({ name: 'article_tags' })
  tags!: Tag[];
}
