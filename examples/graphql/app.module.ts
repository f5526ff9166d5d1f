import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { SequenceModule } from 'typeorm-query-sequence/nestjs';
import { DemoTypeOrmModule } from '../support/demo-typeorm.module';
import { FeedResolver } from './feed.resolver';

/** The demo library served as GraphQL (code first: the schema is built from the classes in feed.types.ts). */
@Module({
  imports: [
    DemoTypeOrmModule,
    SequenceModule.forFeature(['publications']),
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true, // the schema lives in memory, built from the classes
      sortSchema: true,
      includeStacktraceInErrorResponses: false,
    }),
  ],
  providers: [FeedResolver],
})
export class GraphqlAppModule {}
