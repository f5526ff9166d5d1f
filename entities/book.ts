import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sequenced } from '../src';
import { Author } from './author';
import { Tag } from './tag';

@Sequenced({ sequence: 'publications', latestBy: 'release', position: 0 })
@Entity({ orderBy: { title: 'ASC' } })
export class Book {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  release!: string | null;

  @Column({ type: 'int', default: 0 })
  pages!: number;

  /** Only books have an ISBN: a sequence cannot filter or order by it. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  isbn!: string | null;

  @ManyToOne(() => Author, { nullable: true })
  author!: Author | null;

  @ManyToMany(() => Tag)
  @JoinTable({ name: 'book_tags' })
  tags!: Tag[];
}
