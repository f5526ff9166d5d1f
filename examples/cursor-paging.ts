/**
 * Cursor (keyset) pagination over a feed interleaved by date: what an API endpoint does with
 * `?first=3&after=<cursor>`. Run it with `npm run example:cursor`.
 */
import { sequenceOf } from 'typeorm-query-sequence';
import { openDemoDatabase } from './support/demo-database';

async function main(): Promise<void> {
  const dataSource = await openDemoDatabase();
  const feed = sequenceOf(dataSource, 'publications').orderBy('release', 'DESC', 'NULLS LAST');

  let after: string | null = null;
  for (let page = 1; ; page++) {
    const { items, pageInfo, totalCount } = await feed.paginate({ first: 4, after, withCount: page === 1 });
    if (totalCount !== undefined) console.log(`${totalCount} items in the feed\n`);
    console.log(`Page ${page} (after ${after ? after.slice(0, 16) + '…' : 'the start'})`);
    for (const item of items)
      console.log(`  ${item.release ?? 'unreleased'}  ${item.constructor.name.padEnd(8)}  ${item.title}`);
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }

  // Going back from the end: { last, before } walks the same order backwards.
  const { items } = await feed.paginate({ last: 2 });
  console.log(`\nThe last two: ${items.map((i) => i.title).join(', ')}`);
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
