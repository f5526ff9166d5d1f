/**
 * The GraphQL example: the feed of Books, Articles and BlogPosts as a Relay connection over a union.
 * Run it with `npm run example:graphql` (embedded SQLite, no server needed; PORT=3000 by default), then:
 *   curl -s localhost:3000/graphql -H 'content-type: application/json' \
 *     -d '{"query":"{ feed(first: 3) { totalCount edges { cursor node { __typename ... on Publication { id title release } } } pageInfo { hasNextPage endCursor } } }"}'
 */
import { serve } from '../support/serve';
import { GraphqlAppModule } from './app.module';

serve(GraphqlAppModule, 'GraphQL', '/graphql');
