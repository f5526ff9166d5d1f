import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `gc()`: the one --expose-gc gives, or obtained at run time when node was started without the flag. */
export const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Timing {
  /** Median of the timed repetitions, in milliseconds. */
  readonly ms: number;
  readonly reps: number;
}

/** Runs that take under this long are repeated this many times at least (sub-millisecond medians of five moved 1.5×). */
const FAST_MS = 5;
const FAST_REPS = 101;

/** How many timed runs: fewer when one is slow, so a whole run stays within minutes; more when it is fast. */
function repetitions(warmMs: number, reps: number): number {
  if (warmMs > 10_000) return 1;
  if (warmMs > 2_000) return Math.min(reps, 3);
  if (warmMs < FAST_MS) return Math.max(reps, FAST_REPS);
  return reps;
}

/**
 * Times `run`: a few warm-ups, then `reps` repetitions (fewer when one run is slow: 3 above 2 s, 1 above
 * 10 s, so a whole run stays within minutes; more when it is fast: FAST_REPS under FAST_MS) and returns
 * the median.
 */
export async function time(reps: number, run: () => Promise<unknown>): Promise<Timing> {
  const warm = performance.now();
  await run();
  const warmMs = performance.now() - warm;
  const n = repetitions(warmMs, reps);
  if (n > reps) for (let i = 0; i < 10; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), reps: n };
}

export interface Throughput {
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  /** Largest heapUsed seen above the level after a full gc() before the run, in MB. */
  readonly heapMB: number;
  /** True when the run was stopped at the time cap before the last row. */
  readonly capped: boolean;
}

const MB = 1024 * 1024;

/** V8's used heap: process.memoryUsage().heapUsed's figure, about 5× cheaper to read every batch of a stream. */
const heapUsed = () => getHeapStatistics().used_heap_size;

/** Iterates `rows` to the end (or to `capMs`), sampling heapUsed every `sampleEvery` rows. */
export async function drain(
  rows: AsyncIterable<unknown>,
  sampleEvery: number,
  capMs: number,
): Promise<Throughput> {
  gc();
  const base = heapUsed();
  let peak = base;
  let count = 0;
  let capped = false;
  const started = performance.now();
  for await (const _row of rows) {
    count++;
    if (count % sampleEvery === 0) {
      peak = Math.max(peak, heapUsed());
      if (performance.now() - started > capMs) {
        capped = true;
        break;
      }
    }
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, heapUsed());
  return { rows: count, ms, rowsPerSecond: (count / ms) * 1000, heapMB: (peak - base) / MB, capped };
}

/**
 * What a stream keeps alive, untimed: the largest heapUsed after a full gc() every 10 000 rows, above the
 * level before, over the first `limit` rows (tells retained memory from garbage not yet collected).
 */
export async function retainedHeap(rows: AsyncIterableIterator<unknown>, limit: number): Promise<number> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let retained = 0;
  let count = 0;
  for await (const _row of rows) {
    if (++count % 10_000 === 0) {
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - base);
    }
    if (count >= limit) break;
  }
  return retained / MB;
}

/** Loads every row at once: time and the heap held by the result (measured while it is still referenced). */
export async function loadAll(load: () => Promise<unknown[][]>): Promise<Throughput> {
  gc();
  const base = process.memoryUsage().heapUsed;
  const started = performance.now();
  const lists = await load();
  const ms = performance.now() - started;
  const held = process.memoryUsage().heapUsed;
  const count = lists.reduce((n, list) => n + list.length, 0);
  return { rows: count, ms, rowsPerSecond: (count / ms) * 1000, heapMB: (held - base) / MB, capped: false };
}

/** Median of several throughput runs (by time). */
export function medianThroughput(runs: readonly Throughput[]): Throughput {
  const sorted = [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  const mid = sorted[sorted.length >> 1];
  return { ...mid, heapMB: Math.max(...runs.map((r) => r.heapMB)) };
}

/** Calls before timing: a per-request path runs hot in a server; time()'s few warm-ups leave it half-compiled. */
const WARM_CALLS = 300;

/** Timed rounds: each round runs every call once, in turn. */
const ROUNDS = 501;

/**
 * Times several calls interleaved: WARM_CALLS rounds untimed, then ROUNDS rounds in which each call runs once,
 * in turn, and each call's median. Run one after the other, a call measured a minute later than its
 * baseline met another machine (CPU frequency, the database's caches, the VM's neighbours): medians of the
 * same call moved 1.5× between two such phases of one run, and the ratios with them. Interleaved, every
 * call meets the same conditions, and a ratio compares calls made side by side, as a server makes them.
 */
export async function interleaved<K extends string>(
  calls: Readonly<Record<K, () => Promise<unknown>>>,
  rounds = ROUNDS,
  warm = WARM_CALLS,
): Promise<Record<K, Timing>> {
  const names = Object.keys(calls) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warm + rounds; round++) {
    for (const name of names) {
      const started = performance.now();
      await calls[name]();
      if (round >= warm) samples.get(name)!.push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { ms: median(samples.get(name)!), reps: rounds }]),
  ) as Record<K, Timing>;
}
