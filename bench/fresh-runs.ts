/**
 * The per-request measurements of the benchmark (bench/fresh.ts) alone, run several times in one go so
 * that their run-to-run spread is known: each run re-opens the seeded databases and times every call
 * interleaved again. Prints each run's ratios against issue 13's targets and, per ratio, the median
 * and the range over the runs. `npm run bench` seeds the databases; this reuses them (or seeds them).
 *
 *   npm run bench:fresh                      # 3 runs, all three dialects
 *   BENCH_RUNS=5 BENCH_DIALECTS=postgres npm run bench:fresh
 */
import 'reflect-metadata';
import { acquireRunLock, releaseRunLock } from '../spec/support/run-lock';
import { probeDialect } from '../spec/support/probe';
import { benchConfig, StatementCounter } from './config';
import { benchFreshPath, type FreshResult } from './fresh';
import { median } from './measure';
import { FRESH_RATIOS, markdownTable } from './report';
import { openSeeded } from './seed';

/** Issue 13's ratios, and the statement alone against the same getMany() (no bound: what SQL alone costs). */
const RATIOS: readonly { name: string; limit: number; of: (f: FreshResult) => number }[] = [
  FRESH_RATIOS[0],
  {
    name: 'key query alone / single-entity getMany (no target: the SQL alone)',
    limit: Infinity,
    of: (f) => f.keyQuery.ms / f.single.ms,
  },
  ...FRESH_RATIOS.slice(1),
];

async function main(): Promise<void> {
  const config = benchConfig();
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('BENCH_RUNS must be a positive integer.');
  process.on('exit', releaseRunLock);
  const rows: string[][] = [];
  for (const dialect of config.dialects) {
    const problem = await probeDialect(dialect);
    if (problem) {
      console.log(`  ${dialect}: skipped, server not reachable (${problem})`);
      continue;
    }
    const ratios: number[][] = RATIOS.map(() => []);
    await acquireRunLock();
    try {
      for (let run = 1; run <= runs; run++) {
        const ds = await openSeeded(dialect, config.rows, new StatementCounter());
        try {
          const result = await benchFreshPath(ds, dialect);
          RATIOS.forEach((ratio, i) => ratios[i].push(ratio.of(result)));
          console.log(
            `  ${dialect} run ${run}: ${RATIOS.map((r, i) => `${ratios[i][run - 1].toFixed(2)}×`).join('  ')}`,
          );
        } finally {
          await ds.destroy();
        }
      }
    } finally {
      releaseRunLock();
    }
    RATIOS.forEach((ratio, i) => {
      const values = ratios[i];
      const verdict = Number.isFinite(ratio.limit)
        ? `${values.filter((v) => v <= ratio.limit).length}/${values.length} ≤ ${ratio.limit}×`
        : '–';
      rows.push([
        dialect,
        ratio.name,
        `${median(values).toFixed(2)}×`,
        `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`,
        verdict,
      ]);
    });
  }
  console.log(
    `\n${markdownTable(['', `ratio (${config.rows} rows a table, ${runs} runs)`, 'median', 'range', 'runs within target'], rows)}`,
  );
}

main().catch((error) => {
  releaseRunLock();
  console.error(error);
  process.exit(1);
});
