/**
 * Exports a whole sequence to NDJSON or CSV in constant memory: rows stream in keyset batches and are
 * written with backpressure, a progress bar (rate, time left) on stderr. Run it with
 *   npm run example:export -- --format csv --out feed.csv [--extra 100000]
 * (--extra adds that many generated blog posts first, to watch the memory stay flat; --help for more).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { sequenceOf } from 'typeorm-query-sequence';
import { BlogPost } from '../entities';
import { openDemoDatabase } from './support/demo-database';

const FORMATS = ['ndjson', 'csv'] as const;

const USAGE = `Usage: npm run example:export -- [--format ndjson|csv] [--out FILE] [--extra N]

Writes every publication of the demo database, newest first, to FILE.
  --format ndjson|csv  output format (default: ndjson)
  --out FILE           file to write (default: feed.ndjson or feed.csv, after the format)
  --extra N            first add N generated blog posts (default: 0)
  --help               print this and exit`;

interface Options {
  format: (typeof FORMATS)[number];
  out: string;
  extra: number;
}

/** A mistake on the command line: one line on stderr and exit code 2, no stack trace. */
class UsageError extends Error {}

/** The options, or `undefined` after --help. */
function parseOptions(argv: string[]): Options | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string', default: 'ndjson' },
        out: { type: 'string' },
        extra: { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // parseArgs explains unknown options, missing values and stray arguments in its message.
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return undefined;
  const format = FORMATS.find((known) => known === values.format);
  if (!format) throw new UsageError(`--format must be ndjson or csv, not '${values.format}'.`);
  if (!/^\d{1,7}$/.test(values.extra)) {
    throw new UsageError(`--extra must be a whole number from 0 to 9999999, not '${values.extra}'.`);
  }
  if (values.out === '') throw new UsageError('--out needs a file name.');
  return { format, out: values.out ?? `feed.${format}`, extra: Number(values.extra) };
}

const COLUMNS = ['type', 'id', 'title', 'release', 'pages'] as const;

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `[#####.....] 5000/12000 rows, 8400 rows/s, 0:01 left, heap 40 MB` */
function progress(done: number, total: number, startedAt: number): void {
  const width = 30;
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : width;
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? Math.max(0, total - done) / rate : Infinity;
  const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows, ` +
      `${Math.round(rate)} rows/s, ${duration(left)} left, heap ${heap} MB`,
  );
}

async function main(options: Options): Promise<void> {
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
  const failed = once(out, 'error').then(([error]) => Promise.reject(error));
  failed.catch(() => undefined); // observed below, with every write
  const write = async (line: string) => {
    if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
  };
  if (options.format === 'csv') await write(COLUMNS.join(',') + '\n');

  const startedAt = Date.now();
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
    if (++done % 500 === 0) progress(done, total, startedAt);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  progress(done, total, startedAt);
  process.stderr.write(`\nWrote ${done} rows to ${options.out}\n`);
  await dataSource.destroy();
}

let options: Options | undefined;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`export: ${error.message} (--help for usage)\n`);
  process.exit(2);
}
if (!options) console.log(USAGE);
else
  main(options).catch((error) => {
    // Not a usage error (a file that cannot be written, a database error): its message, exit code 1.
    process.stderr.write(`\nexport: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
