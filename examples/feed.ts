/**
 * The demo: one feed of Books, Articles and BlogPosts, filtered, ordered and paged by the database as
 * if it were one table. Run it with `npm run demo` (embedded SQLite, no server needed).
 */
import { IsNull, Not } from 'typeorm';
import { User } from '../entities';
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

  // Foreign-key columns are fields: Photo, Sketch and Video each have `ownerId` next to their `owner`.
  const ada = await dataSource.getRepository(User).findOneByOrFail({ username: 'ada' });
  const hers = sequenceOf(dataSource, 'gallery').where({ ownerId: ada.id }).orderBy('taken', 'DESC');
  console.log(`Ada's gallery (ownerId = ${ada.id}) across Photo, Sketch and Video, newest first:`);
  console.table(await hers.getValues('#', 'taken', 'title', 'ownerId', 'owner.username'));
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
