/**
 * Profiles the per-request path: a sequence built fresh (new createQueryBuilder()s) for every call, on a
 * small in-memory SQLite database, so planning and SQL building dominate. Not part of `npm run bench`.
 *
 *   node --cpu-prof --cpu-prof-dir=$TMPDIR/prof -r ts-node/register/transpile-only bench/profile-fresh.ts [calls]
 *
 * Prints the median time per call of each step; open the .cpuprofile in Chrome DevTools or speedscope.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { sequenceOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import { BENCH_ENTITIES } from './config';
import { median } from './measure';

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 5000);
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: BENCH_ENTITIES,
    synchronize: true,
  });
  await ds.initialize();
  for (const [table, own] of [
    ['book', 'isbn'],
    ['article', 'medium'],
    ['blog_post', 'likes'],
  ]) {
    for (let i = 1; i <= 50; i++) {
      const id = table === 'blog_post' ? `'post-${i}', ` : '';
      const idColumn = table === 'blog_post' ? 'id, ' : '';
      const value = own === 'likes' ? i : `'v${i}'`;
      await ds.query(
        `INSERT INTO ${table} (${idColumn}title, release, pages, ${own}) VALUES (${id}'t${i}', '2020-01-${String((i % 28) + 1).padStart(2, '0')}', ${i}, ${value})`,
      );
    }
  }
  const reused = sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC').take(20);
  const [keyQuery] = reused.getQueries();
  const steps: Record<string, () => Promise<unknown> | unknown> = {
    'reused getMany()': () => reused.getMany(),
    'key query on the driver': () => ds.query(keyQuery.sql, [...keyQuery.parameters]),
    'fresh getQueries()': () =>
      sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC').take(20).getQueries(),
    'fresh where getQueries()': () =>
      sequenceOf(ds, [Book, Article, BlogPost])
        .where({ pages: 7 })
        .orderBy('release', 'DESC')
        .take(20)
        .getQueries(),
    'fresh getMany()': () =>
      sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC').take(20).getMany(),
    'fresh getFirst()': () => sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC').getFirst(),
    'fresh getCount()': () => sequenceOf(ds, [Book, Article, BlogPost]).getCount(),
    'TypeORM getQuery()': () =>
      ds.getRepository(Book).createQueryBuilder('x').orderBy('x.release', 'DESC').take(20).getQuery(),
    'TypeORM getMany()': () =>
      ds.getRepository(Book).createQueryBuilder('x').orderBy('x.release', 'DESC').take(20).getMany(),
  };
  const only = process.env.PROFILE_STEP;
  for (const [name, step] of Object.entries(steps)) {
    if (only && !name.includes(only)) continue;
    for (let i = 0; i < 200; i++) await step();
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await step();
      samples.push(performance.now() - started);
    }
    console.log(`${name.padEnd(28)} ${(median(samples) * 1000).toFixed(1)} µs`);
  }
  await ds.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
