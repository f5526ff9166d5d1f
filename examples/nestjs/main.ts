/**
 * The NestJS example: a feed of Books, Articles and BlogPosts over HTTP, paged by cursor.
 * Run it with `npm run example:nestjs` (embedded SQLite, no server needed; PORT=3000 by default), then:
 *   curl 'http://localhost:3000/feed?first=3'
 *   curl 'http://localhost:3000/feed?first=3&after=<pageInfo.endCursor>'
 *   curl 'http://localhost:3000/feed?author=Grace%20Hopper'
 *   curl 'http://localhost:3000/feed/blog-post/hello-world'
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(`Feed example listening on ${await app.getUrl()}/feed`);
}

bootstrap().catch((error) => {
  console.error(error);
  process.exit(1);
});
