import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SequenceModule } from 'typeorm-query-sequence/nestjs';
import { openDemoDatabase } from '../support/demo-database';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { SequenceExceptionFilter } from './sequence-exception.filter';

/**
 * The demo library on embedded SQLite (FEED_DATABASE=path keeps it in a file; default: in memory), and one
 * sequence over it: every entity registered with @Sequenced({ sequence: 'publications' }).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'better-sqlite3', database: process.env.FEED_DATABASE ?? ':memory:' }),
      // The demo's own DataSource: all fixture entities, schema created, filled once.
      dataSourceFactory: async (options) => openDemoDatabase((options as { database: string }).database),
    }),
    SequenceModule.forFeature(['publications']),
  ],
  controllers: [FeedController],
  providers: [FeedService, { provide: APP_FILTER, useClass: SequenceExceptionFilter }],
})
export class AppModule {}
