import { Args, Info, Int, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { InvalidCursorError, sequenceIndexOf } from 'typeorm-query-sequence';
import { InjectSequence, SequenceRepository } from 'typeorm-query-sequence/nestjs';
import type * as entities from '../../entities';
import { Article, BlogPost, Book, FeedConnection, NODE_TYPES } from './feed.types';

type Entity = entities.Book | entities.Article | entities.BlogPost;

/** The client's mistake, as GraphQL servers report it: `extensions.code` BAD_USER_INPUT. */
function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

const MAX_PAGE = 50;

function checkSize(name: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 1 || value > MAX_PAGE)
    throw badUserInput(`${name} must be from 1 to ${MAX_PAGE}, not ${value}.`);
  return value;
}

/** An entity as its GraphQL node: the class of its `#` in the sequence, with the author's name. */
function toNode(item: Entity): Book | Article | BlogPost {
  const node = new NODE_TYPES[sequenceIndexOf(item)!]();
  const { author, tags: _tags, ...columns } = item; // tags are not loaded, nor served
  return Object.assign(node, columns, { id: String(item.id), author: author?.name ?? null });
}

/** Whether the query selects `name` on the field being resolved (directly, or through fragments). */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const search = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      return search(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}

@Resolver(() => FeedConnection)
export class FeedResolver {
  constructor(@InjectSequence('publications') private readonly publications: SequenceRepository<Entity>) {}

  /** `feed(first: 5, after: $cursor)` forwards, `feed(last: 5, before: $cursor)` backwards; newest first. */
  @Query(() => FeedConnection)
  async feed(
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('last', { type: () => Int, nullable: true }) last?: number | null,
    @Args('before', { type: () => String, nullable: true }) before?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<FeedConnection> {
    const forward = checkSize('first', first);
    const backward = checkSize('last', last);
    if (forward !== undefined && backward !== undefined) throw badUserInput('Give first or last, not both.');
    if ((forward !== undefined && before) || (backward !== undefined && after)) {
      throw badUserInput('first goes with after, last with before.');
    }
    try {
      const page = await this.publications.paginate({
        order: { release: { direction: 'DESC', nulls: 'LAST' } },
        relations: ['author'],
        ...(backward !== undefined || before
          ? { last: backward ?? 5, before }
          : { first: forward ?? 5, after }),
        // The total is always counted; per entity only when the query asks for countsByType (same statements).
        withCount: info && selects(info, 'countsByType') ? 'byEntity' : true,
      });
      return {
        edges: page.edges.map(({ node, cursor }) => ({ node: toNode(node), cursor })),
        pageInfo: page.pageInfo,
        totalCount: page.totalCount!,
        countsByType: Object.entries(page.counts?.byEntity ?? {}).map(([type, count]) => ({ type, count })),
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badUserInput(error.message);
      throw error;
    }
  }
}
