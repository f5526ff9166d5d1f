/**
 * The NestJS example: a feed of Books, Articles and BlogPosts over HTTP, paged by cursor.
 * Run it with `npm run example:nestjs` (embedded SQLite, no server needed; PORT=3000 by default), then:
 *   curl 'http://localhost:3000/feed?first=3'
 *   curl 'http://localhost:3000/feed?first=3&after=<pageInfo.endCursor>'
 *   curl 'http://localhost:3000/feed?author=Grace%20Hopper'
 *   curl 'http://localhost:3000/feed/blog-post/hello-world'
 */
import { serve } from '../support/serve';
import { AppModule } from './app.module';

serve(AppModule, 'Feed', '/feed');
