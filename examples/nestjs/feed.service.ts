import { Injectable, NotFoundException } from '@nestjs/common';
import type { Article, BlogPost, Book } from '../../entities';
import { sequenceIndexOf, type SequenceConnection } from 'typeorm-query-sequence';
import { InjectSequence, SequenceRepository } from 'typeorm-query-sequence/nestjs';

export type Publication = Book | Article | BlogPost;

/** URL names of the entities, by their `#` in the 'publications' sequence (Book, Article, BlogPost). */
export const TYPES = ['book', 'article', 'blog-post'] as const;

export interface FeedItem {
  type: (typeof TYPES)[number];
  id: number | string;
  title: string;
  release: string | null;
  author: string | null;
}

export interface FeedPage {
  items: FeedItem[];
  pageInfo: SequenceConnection<Publication>['pageInfo'];
}

@Injectable()
export class FeedService {
  constructor(
    @InjectSequence('publications') private readonly publications: SequenceRepository<Publication>,
  ) {}

  /** Newest first (unreleased drafts last), optionally one author's, `first` items after the cursor `after`. */
  async page(first: number, after?: string, author?: string): Promise<FeedPage> {
    const page = await this.publications.paginate({
      where: author ? { author: { name: author } } : undefined,
      relations: ['author'],
      order: { release: { direction: 'DESC', nulls: 'LAST' } },
      first,
      after,
    });
    return { items: page.items.map(toItem), pageInfo: page.pageInfo };
  }

  /** One publication by type and id; EntityNotFoundError (→ 404) when there is none. */
  async one(type: string, id: string): Promise<FeedItem> {
    const index = typeIndex(type);
    if (index < 0) throw new NotFoundException(`Unknown type '${type}' (known: ${TYPES.join(', ')}).`);
    // Books and articles have integer ids, blog posts slugs.
    const key = TYPES[index] === 'blog-post' ? id : /^\d{1,9}$/.test(id) ? Number(id) : undefined;
    if (key === undefined) throw new NotFoundException(`No ${TYPES[index]} has the id '${id}'.`);
    const item = await this.publications.findOneOrFail({
      where: { '#': index, id: key as any },
      relations: ['author'],
    });
    return toItem(item);
  }
}

/** `#` of a type name in any case, with or without its dash: book, Book, blog-post, BlogPost, BLOG_POST. */
function typeIndex(type: string): number {
  const bare = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
  return TYPES.findIndex((known) => bare(known) === bare(type));
}

function toItem(item: Publication): FeedItem {
  return {
    type: TYPES[sequenceIndexOf(item)!],
    id: item.id,
    title: item.title,
    release: item.release,
    author: item.author?.name ?? null,
  };
}
