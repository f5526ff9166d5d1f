import { Field, ID, Int, InterfaceType, ObjectType, createUnionType } from '@nestjs/graphql';

/** What every kind of publication has; each kind below adds its own fields. */
@InterfaceType()
export abstract class Publication {
  /** Books and articles have integer ids, blog posts slugs: one GraphQL type, ID, for all. */
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true, description: 'ISO date; null for a draft.' }) release!:
    string | null;
  @Field(() => Int) pages!: number;
  @Field(() => String, { nullable: true }) author!: string | null;
}

@ObjectType({ implements: () => [Publication] })
export class Book extends Publication {
  @Field(() => String, { nullable: true }) isbn!: string | null;
}

@ObjectType({ implements: () => [Publication] })
export class Article extends Publication {
  @Field(() => String, { nullable: true }) medium!: string | null;
}

@ObjectType({ implements: () => [Publication] })
export class BlogPost extends Publication {
  @Field(() => Int) likes!: number;
}

/** The node types by `#` in the 'publications' sequence (Book, Article, BlogPost). */
export const NODE_TYPES = [Book, Article, BlogPost] as const;

export const FeedItem = createUnionType({
  name: 'FeedItem',
  types: () => NODE_TYPES,
  resolveType: (value: object) => NODE_TYPES.find((type) => value instanceof type),
});

@ObjectType()
export class FeedEdge {
  @Field(() => FeedItem) node!: Book | Article | BlogPost;
  @Field() cursor!: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'How many items of one type the whole feed has (GraphQL has no map type).' })
export class TypeCount {
  @Field({ description: 'The node type: Book, Article or BlogPost.' }) type!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A Relay connection over the feed: newest first, drafts last.' })
export class FeedConnection {
  @Field(() => [FeedEdge]) edges!: FeedEdge[];
  @Field() pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [TypeCount], {
    description:
      'The whole feed counted per type, in the order of the sequence; counted only when asked for.',
  })
  countsByType!: TypeCount[];
}
