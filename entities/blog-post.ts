import { Check, Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryColumn } from 'typeorm';
import { Sequenced } from '../src';
import { Author } from './author';
import { Tag } from './tag';

/**
 * Keyed by a string slug, unlike the others: a sequence must not assume one primary-key type. The CHECK
 * lets specs make a write fail on this entity only.
 */
@Sequenced({ sequence: ['publications', 'feed'], latestBy: 'release' })
@Entity({ orderBy: { release: 'DESC' } })
@Check('CHK_blog_post_pages', 'pages >= 0')
export class BlogPost {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  release!: string | null;

  @Column({ type: 'int', default: 0 })
  pages!: number;

  @Column({ type: 'int', default: 0 })
  likes!: number;

  @ManyToOne(() => Author, { nullable: true })
  author!: Author | null;

  @ManyToMany(() => Tag)
  @JoinTable({ name: 'blog_post_tags' })
  tags!: Tag[];
}
