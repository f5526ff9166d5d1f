import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { FeedService, type FeedItem, type FeedPage } from './feed.service';

@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  /** `GET /feed?first=5&after=<endCursor>&author=Ada%20Lovelace` */
  @Get()
  page(
    @Query('first') first?: string,
    @Query('after') after?: string,
    @Query('author') author?: string,
  ): Promise<FeedPage> {
    const size = first === undefined ? 5 : Number(first);
    if (!Number.isInteger(size) || size < 1 || size > 50) {
      throw new BadRequestException('first must be an integer from 1 to 50.');
    }
    return this.feed.page(size, after || undefined, author || undefined);
  }

  /** `GET /feed/book/3`, `GET /feed/blog-post/hello-world` */
  @Get(':type/:id')
  one(@Param('type') type: string, @Param('id') id: string): Promise<FeedItem> {
    return this.feed.one(type, id);
  }
}
