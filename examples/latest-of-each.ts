/**
 * The newest publication overall and the newest of each kind, with @Sequenced({ latestBy: 'release' }).
 * Run it with `npm run example:latest`.
 */
import { sequenceIndexOf, sequenceOf } from 'typeorm-query-sequence';
import { openDemoDatabase } from './support/demo-database';

async function main(): Promise<void> {
  const dataSource = await openDemoDatabase();
  const publications = sequenceOf(dataSource, 'publications');

  const newest = await publications.getLatest(); // by each entity's latestBy ('release'); NULLs lose
  console.log(
    `Newest of all: ${newest.constructor.name} "${newest.title}" (${newest.release}), #${sequenceIndexOf(newest)}`,
  );

  const builders = publications.getBuilders();
  for (let index = 0; index < builders.length; index++) {
    const latest = await publications.where({ '#': index }).getLatest();
    const earliest = await publications.where({ '#': index }).getEarliest();
    console.log(
      `${latest.constructor.name.padEnd(8)} newest "${latest.title}" (${latest.release}), ` +
        `oldest "${earliest.title}" (${earliest.release})`,
    );
  }
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
