/**
 * Exports a whole sequence to NDJSON or CSV in constant memory: rows stream in keyset batches and are
 * written with backpressure, a progress bar on stderr. Run it with
 *   npm run example:export -- --format csv --out feed.csv [--extra 100000]
 * (--extra adds that many generated blog posts first, to watch the memory stay flat).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BlogPost } from '../entities';
import { sequenceOf } from 'typeorm-query-sequence';
import { openDemoDatabase } from './support/demo-database';

interface Options {
  format: 'ndjson' | 'csv';
  out: string;
  extra: number;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { format: 'ndjson', out: 'feed.ndjson', extra: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--format' && (value === 'ndjson' || value === 'csv')) options.format = value;
    else if (flag === '--out' && value) options.out = value;
    else if (flag === '--extra' && /^\d+$/.test(value ?? '')) options.extra = Number(value);
    else
      throw new Error(
        `Unknown argument ${flag} ${value ?? ''}: use --format ndjson|csv --out FILE --extra N`,
      );
  }
  if (options.format === 'csv' && options.out === 'feed.ndjson') options.out = 'feed.csv';
  return options;
}

const COLUMNS = ['type', 'id', 'title', 'release', 'pages'] as const;

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function progress(done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows, heap ${heap} MB`,
  );
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const dataSource = await openDemoDatabase();
  if (options.extra > 0) {
    const posts = Array.from({ length: options.extra }, (_, i) => ({
      id: `generated-${i}`,
      title: `Generated post ${i}`,
      release: new Date(Date.UTC(2020, 0, 1 + (i % 1500))).toISOString().slice(0, 10),
      pages: 1 + (i % 9),
    }));
    for (let i = 0; i < posts.length; i += 500)
      await dataSource.getRepository(BlogPost).insert(posts.slice(i, i + 500));
  }

  const feed = sequenceOf(dataSource, 'publications').orderBy('release', 'DESC');
  const total = await feed.getCount();
  const out = createWriteStream(options.out);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  if (options.format === 'csv') await write(COLUMNS.join(',') + '\n');

  let done = 0;
  for await (const item of feed.stream({ batchSize: 500 })) {
    const row = {
      type: item.constructor.name,
      id: item.id,
      title: item.title,
      release: item.release,
      pages: item.pages,
    };
    await write(
      options.format === 'csv'
        ? COLUMNS.map((c) => csvField(row[c])).join(',') + '\n'
        : JSON.stringify(row) + '\n',
    );
    if (++done % 500 === 0 || done === total) progress(done, total);
  }
  out.end();
  await once(out, 'finish');
  progress(done, total);
  process.stderr.write(`\nWrote ${done} rows to ${options.out}\n`);
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
