import { TypeOrmModule } from '@nestjs/typeorm';
import { openDemoDatabase } from './demo-database';

/**
 * TypeOrmModule over the demo library on embedded SQLite (FEED_DATABASE=path keeps it in a file; default: in
 * memory): the demo's own DataSource, with all fixture entities, its schema created and filled once.
 */
export const DemoTypeOrmModule = TypeOrmModule.forRootAsync({
  useFactory: () => ({ type: 'better-sqlite3', database: process.env.FEED_DATABASE ?? ':memory:' }),
  dataSourceFactory: async (options) => openDemoDatabase((options as { database: string }).database),
});
