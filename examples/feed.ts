/**
 * The demo: one feed of Books, Articles and BlogPosts, filtered, ordered and paged by the database as
 * if it were one table. Run it with `npm run demo` (embedded SQLite, no server needed).
 */
import { IsNull, Not } from 'typeorm';
import { sequenceIndexOf, sequenceOf } from 'typeorm-query-sequence';
import { openDemoDatabase } from './support/demo-database';

async function main(): Promise<void> {
  const dataSource = await openDemoDatabase();

  // Every entity registered with @Sequenced({ sequence: 'publications' }): Book (#0), Article (#1), BlogPost (#2).
  const feed = sequenceOf(dataSource, 'publications')
    .where({ release: Not(IsNull()) })
    .orderBy('release', 'DESC');

  const total = await feed.getCount();
  const pageSize = 5;
  console.log(`The feed: ${total} published items across 3 tables, newest first, ${pageSize} per page.\n`);
  for (let page = 0; page * pageSize < total; page++) {
    const items = await feed
      .skip(page * pageSize)
      .take(pageSize)
      .getMany();
    console.log(`Page ${page + 1}`);
    console.table(
      items.map((item) => ({
        '#': sequenceIndexOf(item),
        type: item.constructor.name,
        release: item.release,
        title: item.title,
      })),
    );
  }

  const queries = feed.take(pageSize).getQueries();
  console.log(
    `Each page runs ${queries.length} statement(s): the database orders and limits the union, and the rows ` +
      'carry their columns:',
  );
  for (const query of queries) console.log(`  ${query.sql}\n`);
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
