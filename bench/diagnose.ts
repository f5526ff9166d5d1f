/**
 * Why some targets of bench/run.ts are missed: times the library's own statements next to hand-edited
 * variants that differ in one point, on the same data. Not part of `npm run bench`; run it with
 *
 *   node -r ts-node/register/transpile-only bench/diagnose.ts          # BENCH_DIALECTS, BENCH_ROWS as for run.ts
 *
 * The variants are derived from the SQL the library generates (getQueries() / the statements it logs), so
 * they follow src/ as it changes; a variant whose edit no longer applies is reported as such.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { sequenceOf } from '../src';
import { Article, BlogPost, Book } from '../entities';
import type { DialectName } from '../spec/support/dialects';
import { acquireRunLock, releaseRunLock } from '../spec/support/run-lock';
import { benchConfig, StatementCounter } from './config';
import { median } from './measure';
import { openSeeded } from './seed';

interface Statement {
  sql: string;
  parameters: unknown[];
}

async function timed(ds: DataSource, s: Statement): Promise<string> {
  await ds.query(s.sql, s.parameters);
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    await ds.query(s.sql, s.parameters);
    samples.push(performance.now() - started);
  }
  return `${median(samples).toFixed(2)} ms`;
}

async function compare(ds: DataSource, what: string, base: Statement, variants: [string, string | null][]) {
  console.log(`\n${what}`);
  console.log(`  ${(await timed(ds, base)).padStart(10)}  library SQL`);
  for (const [name, sql] of variants) {
    if (sql === null || sql === base.sql)
      console.log(`  ${'n/a'.padStart(10)}  ${name} (edit does not apply)`);
    else console.log(`  ${(await timed(ds, { sql, parameters: base.parameters })).padStart(10)}  ${name}`);
  }
}

const changed = (sql: string, edited: string) => (edited === sql ? null : edited);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Each branch's seek condition `((release < :x …) OR …)` becomes `release <= :x AND ((…))`, so the
 * database can start an index range at the position (the value is inlined for `?` placeholders).
 */
function boundEachBranch(s: Statement, release: string, dialect: DialectName): string | null {
  const placeholder = dialect === 'postgres' ? 'CAST\\(\\$\\d+ AS date\\)' : '\\?';
  const pattern = new RegExp(`WHERE (\\(+${escape(release)} < (${placeholder}).*?) ORDER BY`, 'g');
  const edited = s.sql.replace(pattern, (_m, condition: string, bound: string, offset: number) => {
    const value =
      dialect === 'postgres'
        ? bound
        : `'${String(s.parameters[s.sql.slice(0, offset).split('?').length - 1])}'`;
    return `WHERE ${release} <= ${value} AND (${condition}) ORDER BY`;
  });
  return edited === s.sql ? null : edited;
}

async function diagnose(dialect: DialectName, rows: number): Promise<void> {
  const logger = new StatementCounter();
  const ds = await openSeeded(dialect, rows, logger);
  try {
    const q = (n: string) => ds.driver.escape(n);
    const seq = sequenceOf(ds, [Book, Article, BlogPost]).orderBy('release', 'DESC');
    const record = async (run: () => Promise<unknown>): Promise<Statement[]> => {
      logger.recorded = [];
      await run();
      const recorded = logger.recorded;
      logger.recorded = null;
      return recorded;
    };
    console.log(`\n=== ${dialect}`);

    const [first] = seq.take(20).getQueries();
    await compare(
      ds,
      'first page key query (take 20)',
      { sql: first.sql, parameters: [...first.parameters] },
      [
        [
          "without the constant '#' term in each branch's ORDER BY",
          changed(first.sql, first.sql.replace(new RegExp(`, ${escape(q('seq_idx'))} (ASC|DESC)`, 'g'), '')),
        ],
      ],
    );

    const [count] = await record(() => seq.getCount());
    await compare(ds, 'getCount() statement', count, [
      [
        "without the constant '#' column next to COUNT(*)",
        changed(count.sql, count.sql.replace(new RegExp(`\\d+ AS ${q('seq_idx')}, `, 'g'), '')),
      ],
    ]);

    const deepSkip = Math.floor((rows * 3) / 2);
    const [deep] = seq.skip(deepSkip).take(50).getQueries();
    const branchLimit = new RegExp(` ORDER BY ${escape(q('seq_k0'))} [^)]*? LIMIT \\d+\\)`, 'g');
    await compare(ds, `deep page key query (skip ${deepSkip})`, { sql: deep.sql, parameters: [] }, [
      [
        'without ORDER BY … LIMIT inside the branches (outer ORDER BY only)',
        changed(deep.sql, deep.sql.replace(branchLimit, ')')),
      ],
    ]);

    // A page after a cursor ~1/3 deep: the statement every stream() batch and paginate({ after }) runs.
    let after: string | null = null;
    for (let walked = 0; walked < rows;) {
      const page: Awaited<ReturnType<typeof seq.paginate>> = await seq.paginate({ first: 10_000, after });
      after = page.pageInfo.endCursor;
      walked += page.items.length;
    }
    const statements = (await record(() => seq.paginate({ first: 50, after }))).filter((s) =>
      s.sql.includes('UNION ALL'),
    );
    const [page, probe] = statements;
    const release = `${q('item')}.${q('release')}`;
    const withoutIsNull = page.sql.replace(new RegExp(` OR ${escape(release)} IS NULL`, 'g'), '');
    const bounded = boundEachBranch(page, release, dialect);
    const bothEdits = bounded && bounded.replace(new RegExp(`, ${escape(q('seq_idx'))} (ASC|DESC)`, 'g'), '');
    const exact =
      dialect === 'postgres' ? 'equivalent here: NULLs come first' : 'NOT equivalent: drops the NULL rows';
    await compare(ds, 'page after a cursor ~1/3 deep (what each stream() batch runs)', page, [
      [
        "without the 'OR release IS NULL' alternatives (NOT equivalent: shows what they cost)",
        changed(page.sql, withoutIsNull),
      ],
      [`each branch's condition ANDed with a sargable 'release <= :x' (${exact})`, bounded],
      ["… and without the constant '#' term in each branch's ORDER BY", bothEdits],
    ]);
    if (probe) await compare(ds, "paginate's previous-row probe (hasPreviousPage)", probe, []);
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const config = benchConfig();
  process.on('exit', releaseRunLock);
  for (const dialect of config.dialects) {
    await acquireRunLock();
    try {
      await diagnose(dialect, config.rows);
    } catch (error) {
      console.log(`${dialect}: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      releaseRunLock();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
