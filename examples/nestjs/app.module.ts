import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SequenceModule } from 'typeorm-query-sequence/nestjs';
import { DemoTypeOrmModule } from '../support/demo-typeorm.module';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { SequenceExceptionFilter } from './sequence-exception.filter';

/** The demo library, and one sequence over it: every entity registered with @Sequenced({ sequence: 'publications' }). */
@Module({
  imports: [DemoTypeOrmModule, SequenceModule.forFeature(['publications'])],
  controllers: [FeedController],
  providers: [FeedService, { provide: APP_FILTER, useClass: SequenceExceptionFilter }],
})
export class AppModule {}
