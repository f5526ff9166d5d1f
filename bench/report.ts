import { cpus, loadavg, totalmem, type as osType, release as osRelease } from 'node:os';
import type { DialectName } from '../spec/support/dialects';
import type { FreshResult } from './fresh';
import type { Throughput, Timing } from './measure';
import type { ShardedResult, StrategyResult } from './scale';

export interface DialectResult {
  dialect: DialectName;
  server: string;
  rowsPerTable: number;
  deepSkip: number;
  cursorDepth: number;
  seedNote: string;
  first: { seq: Timing; floorPlain: Timing; floorPushed: Timing; single: Timing };
  /** Building the page's SQL only (getQueries()), no database: the library's own JavaScript cost. */
  firstPlanning: Timing;
  deep: { seq: Timing; floorPlain: Timing; floorPushed: Timing; naive: Timing; merge: Timing };
  count: { seq: Timing; raw: Timing; typeorm: Timing };
  stream: Throughput;
  retainedMB: number;
  /** The same stream with batchSize 5000 (no target: shows what the batch size buys). */
  streamLarge: Throughput;
  /** Hand-written keyset batches on the raw driver, same order and batch size, rows not hydrated. */
  streamFloor: Throughput;
  /** stream({ mode: 'cursor' }), same order and batch size: one statement through the driver's cursor. */
  cursorStream: Throughput;
  cursorRetainedMB: number;
  everything: Throughput;
  heads: { seqFirst: Timing; seqLast: Timing; rawFirst: Timing; rawLast: Timing };
  cursor: { page1: Timing; deep: Timing };
  title: {
    first: Timing;
    firstFloor: Timing;
    deep: Timing;
    deepFloor: Timing;
    page1: Timing;
    cursor: Timing;
  };
  queries: Record<string, number>;
  /** union vs per-builder on this database. */
  strategies: StrategyResult;
  /** The same rows split over databases of this server (PostgreSQL). */
  sharded?: ShardedResult;
  /** Results that disagreed with the raw SQL (should stay empty). */
  mismatches: string[];
  explain: { title: string; sql: string; lines: string[] }[];
  /** The per-request path (bench/fresh.ts) on the seeded tables, and on SMALL_ROWS rows a table. */
  freshPath?: FreshResult;
  smallTables?: FreshResult;
  smallRows?: number;
}

const ms = (t: Timing) => (t.ms < 10 ? t.ms.toFixed(2) : t.ms < 100 ? t.ms.toFixed(1) : t.ms.toFixed(0));
const x = (ratio: number) => `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`;
const floorOf = (a: Timing, b: Timing) => (a.ms <= b.ms ? a : b);
const kRows = (r: number) => (r >= 10_000 ? `${(r / 1000).toFixed(0)}k` : r.toFixed(0));

/** The rows of the result table: a label and one cell per dialect. */
export function tableRows(results: readonly DialectResult[]): [string, ...string[]][] {
  const row = (label: string, cell: (r: DialectResult) => string): [string, ...string[]] => [
    label,
    ...results.map(cell),
  ];
  const r0 = results[0];
  return [
    row('rows (3 tables)', (r) => kRows(r.rowsPerTable * 3)),
    row('**first page** (release DESC, take 20)', () => ''),
    row('sequence getMany() ms', (r) => ms(r.first.seq)),
    row(
      'raw UNION ALL floor ms (plain / branch LIMIT)',
      (r) => `${ms(r.first.floorPlain)} / ${ms(r.first.floorPushed)}`,
    ),
    row('single-entity TypeORM getMany() ms', (r) => ms(r.first.single)),
    row('sequence SQL building only (getQueries()) ms', (r) => ms(r.firstPlanning)),
    row('sequence / floor', (r) => x(r.first.seq.ms / floorOf(r.first.floorPlain, r.first.floorPushed).ms)),
    row('sequence / single-entity', (r) => x(r.first.seq.ms / r.first.single.ms)),
    row(`**deep page** (skip ${r0 ? r0.deepSkip : '?'}, take 50)`, () => ''),
    row('sequence getMany() ms', (r) => ms(r.deep.seq)),
    row(
      'raw UNION ALL floor ms (plain / branch LIMIT)',
      (r) => `${ms(r.deep.floorPlain)} / ${ms(r.deep.floorPushed)}`,
    ),
    row('naive: load all, sort in JS ms', (r) => ms(r.deep.naive)),
    row('merge: each take(skip+take), merge in JS ms', (r) => ms(r.deep.merge)),
    row('sequence / floor', (r) => x(r.deep.seq.ms / floorOf(r.deep.floorPlain, r.deep.floorPushed).ms)),
    row('naive / sequence', (r) => x(r.deep.naive.ms / r.deep.seq.ms)),
    row('merge / sequence', (r) => x(r.deep.merge.ms / r.deep.seq.ms)),
    row('naive / floor (what any OFFSET query can reach)', (r) =>
      x(r.deep.naive.ms / floorOf(r.deep.floorPlain, r.deep.floorPushed).ms),
    ),
    row('**count**', () => ''),
    row('sequence getCount() ms', (r) => ms(r.count.seq)),
    row('raw SELECT COUNT(*) ×3 ms', (r) => ms(r.count.raw)),
    row('TypeORM getCount() ×3 ms', (r) => ms(r.count.typeorm)),
    row('sequence / raw', (r) => x(r.count.seq.ms / r.count.raw.ms)),
    row('**stream** (batchSize 500) vs getMany() of everything', () => ''),
    row(
      'stream rows/s',
      (r) =>
        `${r.stream.rowsPerSecond.toFixed(0)}${r.stream.capped ? ` (capped: ${kRows(r.stream.rows)} rows)` : ''}`,
    ),
    row('stream peak heap growth MB', (r) => r.stream.heapMB.toFixed(1)),
    row('stream heap retained after gc() MB (first 60k rows)', (r) => r.retainedMB.toFixed(1)),
    row(
      "stream({ mode: 'cursor' }) rows/s",
      (r) =>
        `${r.cursorStream.rowsPerSecond.toFixed(0)}${r.cursorStream.capped ? ` (capped: ${kRows(r.cursorStream.rows)} rows)` : ''}`,
    ),
    row("stream({ mode: 'cursor' }) peak heap growth MB", (r) => r.cursorStream.heapMB.toFixed(1)),
    row("stream({ mode: 'cursor' }) heap retained after gc() MB", (r) => r.cursorRetainedMB.toFixed(1)),
    row('getMany() ×3 everything rows/s', (r) => r.everything.rowsPerSecond.toFixed(0)),
    row('getMany() ×3 everything heap MB', (r) => r.everything.heapMB.toFixed(1)),
    row('stream / getMany() rows/s', (r) => x(r.stream.rowsPerSecond / r.everything.rowsPerSecond)),
    row("stream({ mode: 'cursor' }) / getMany() rows/s", (r) =>
      x(r.cursorStream.rowsPerSecond / r.everything.rowsPerSecond),
    ),
    row('raw keyset batches floor rows/s (hand-written, not hydrated)', (r) =>
      r.streamFloor.rowsPerSecond.toFixed(0),
    ),
    row('floor / getMany() rows/s (what any keyset stream can reach)', (r) =>
      x(r.streamFloor.rowsPerSecond / r.everything.rowsPerSecond),
    ),
    row('stream / floor rows/s', (r) => x(r.stream.rowsPerSecond / r.streamFloor.rowsPerSecond)),
    row('floor peak heap growth MB (garbage of the driver alone)', (r) => r.streamFloor.heapMB.toFixed(1)),
    row(
      'stream with batchSize 5000: rows/s, peak heap MB',
      (r) =>
        `${r.streamLarge.rowsPerSecond.toFixed(0)}${r.streamLarge.capped ? ' (capped)' : ''}, ${r.streamLarge.heapMB.toFixed(1)}`,
    ),
    row('**first / last**', () => ''),
    row('sequence getFirst() / getLast() ms', (r) => `${ms(r.heads.seqFirst)} / ${ms(r.heads.seqLast)}`),
    row('raw heads floor first / last ms', (r) => `${ms(r.heads.rawFirst)} / ${ms(r.heads.rawLast)}`),
    row(
      'sequence / floor (first, last)',
      (r) => `${x(r.heads.seqFirst.ms / r.heads.rawFirst.ms)}, ${x(r.heads.seqLast.ms / r.heads.rawLast.ms)}`,
    ),
    row(`**cursor** paginate({ first: 50 })`, () => ''),
    row('page 1 ms', (r) => ms(r.cursor.page1)),
    row(`after a cursor ${r0 ? r0.cursorDepth : '?'} rows deep ms`, (r) => ms(r.cursor.deep)),
    row('deep cursor / page 1', (r) => x(r.cursor.deep.ms / r.cursor.page1.ms)),
    row('**title ASC** order (indexed, no NULLs)', () => ''),
    row(
      'first page: sequence / floor ms',
      (r) =>
        `${ms(r.title.first)} / ${ms(r.title.firstFloor)} = ${x(r.title.first.ms / r.title.firstFloor.ms)}`,
    ),
    row(
      'deep page: sequence / floor ms',
      (r) => `${ms(r.title.deep)} / ${ms(r.title.deepFloor)} = ${x(r.title.deep.ms / r.title.deepFloor.ms)}`,
    ),
    row(
      'cursor: deep / page 1 ms',
      (r) => `${ms(r.title.cursor)} / ${ms(r.title.page1)} = ${x(r.title.cursor.ms / r.title.page1.ms)}`,
    ),
    row("**strategy** 'union' vs 'per-builder' (release DESC)", () => ''),
    row(
      'first page (take 20): union / per-builder ms',
      (r) =>
        `${ms(r.strategies.first.union)} / ${ms(r.strategies.first['per-builder'])} = ${x(r.strategies.first['per-builder'].ms / r.strategies.first.union.ms)}`,
    ),
    row(
      `page after a cursor ${r0 ? r0.cursorDepth : '?'} rows deep: union / per-builder ms`,
      (r) =>
        `${ms(r.strategies.deepCursor.union)} / ${ms(r.strategies.deepCursor['per-builder'])} = ${x(r.strategies.deepCursor['per-builder'].ms / r.strategies.deepCursor.union.ms)}`,
    ),
    row(
      'getCount(): union / per-builder ms',
      (r) =>
        `${ms(r.strategies.count.union)} / ${ms(r.strategies.count['per-builder'])} = ${x(r.strategies.count['per-builder'].ms / r.strategies.count.union.ms)}`,
    ),
    row(
      'first page statements: union / per-builder',
      (r) => `${r.strategies.statements.union} / ${r.strategies.statements['per-builder']}`,
    ),
    row('**statements per call**', () => ''),
    ...Object.keys(r0?.queries ?? {}).map((name) => row(name, (r) => String(r.queries[name]))),
  ];
}

/** The sharded scenario's table (one column per dialect that ran it): the same rows in one database vs shards. */
export function shardedRows(results: readonly DialectResult[]): [string, ...string[]][] {
  const runs = results.filter((r) => r.sharded);
  const row = (label: string, cell: (s: ShardedResult) => string): [string, ...string[]] => [
    label,
    ...runs.map((r) => cell(r.sharded!)),
  ];
  const three = (t: ShardedResult['first']) =>
    `${ms(t.single)} / ${ms(t.union)} / ${ms(t.perBuilder)} (${x(t.union.ms / t.single.ms)}, ${x(t.perBuilder.ms / t.single.ms)})`;
  const perShard = (counts: number[], page: number) =>
    `${counts.join(' + ')} = ${counts.reduce((a, b) => a + b, 0)} (${x(counts.reduce((a, b) => a + b, 0) / page)} the page)`;
  return [
    row('rows (3 tables)', (s) => kRows(s.rowsPerTable * 3)),
    row('shards', (s) => String(s.shards)),
    row('first page (take 20) ms: one database / shards union / shards per-builder (ratios to one)', (s) =>
      three(s.first),
    ),
    row('page of 50 after a cursor N rows deep ms: one / union / per-builder', (s) => three(s.deepCursor)),
    row('cursor depth N', (s) => String(s.cursorDepth)),
    row('getCount() ms: one / union / per-builder', (s) => three(s.count)),
    row(
      'stream (batchSize 500) rows/s: one / shards',
      (s) =>
        `${s.stream.single.rowsPerSecond.toFixed(0)} / ${s.stream.union.rowsPerSecond.toFixed(0)} (${x(s.stream.union.rowsPerSecond / s.stream.single.rowsPerSecond)})${s.stream.union.capped ? ' (capped)' : ''}`,
    ),
    row('key rows read per shard, first page of 20', (s) => perShard(s.rowsPerShard.first, 20)),
    row('key rows read per shard, deep cursor page of 50', (s) => perShard(s.rowsPerShard.deepCursor, 50)),
    row(
      'statements, first page: union / per-builder',
      (s) => `${s.statements.first.union} / ${s.statements.first['per-builder']}`,
    ),
    row(
      'statements, deep cursor page: union / per-builder',
      (s) => `${s.statements.deepCursor.union} / ${s.statements.deepCursor['per-builder']}`,
    ),
  ];
}

export interface Target {
  dialect: DialectName;
  name: string;
  value: string;
  pass: boolean;
}

export function targets(r: DialectResult): Target[] {
  const t = (name: string, ratio: number, limit: string, pass: boolean, unit = '×'): Target => ({
    dialect: r.dialect,
    name,
    value: `${ratio.toFixed(2)}${unit} (target ${limit})`,
    pass,
  });
  const deepFloor = floorOf(r.deep.floorPlain, r.deep.floorPushed).ms;
  const streamRatio = r.stream.rowsPerSecond / r.everything.rowsPerSecond;
  const cursorRatio = r.cursorStream.rowsPerSecond / r.everything.rowsPerSecond;
  return [
    t('deep page / floor', r.deep.seq.ms / deepFloor, '≤ 1.5×', r.deep.seq.ms <= 1.5 * deepFloor),
    t('naive / deep page', r.deep.naive.ms / r.deep.seq.ms, '≥ 8×', r.deep.naive.ms >= 8 * r.deep.seq.ms),
    t('merge / deep page', r.deep.merge.ms / r.deep.seq.ms, '≥ 4×', r.deep.merge.ms >= 4 * r.deep.seq.ms),
    t(
      'first page / single-entity getMany',
      r.first.seq.ms / r.first.single.ms,
      '≤ 1.5×',
      r.first.seq.ms <= 1.5 * r.first.single.ms,
    ),
    t('stream heap growth', r.stream.heapMB, '≤ 64 MB', r.stream.heapMB <= 64, ' MB'),
    t('stream rows/s / getMany rows/s', streamRatio, '≥ 0.7×', streamRatio >= 0.7),
    t('cursor stream rows/s / getMany rows/s', cursorRatio, '≥ 0.9×', cursorRatio >= 0.9),
    t('cursor stream heap growth', r.cursorStream.heapMB, '≤ 32 MB', r.cursorStream.heapMB <= 32, ' MB'),
    t('getCount / raw counts', r.count.seq.ms / r.count.raw.ms, '≤ 2×', r.count.seq.ms <= 2 * r.count.raw.ms),
    t(
      'deep cursor page / page 1',
      r.cursor.deep.ms / r.cursor.page1.ms,
      '≤ 1.5×',
      r.cursor.deep.ms <= 1.5 * r.cursor.page1.ms,
    ),
  ];
}

/** A plain-text table for the terminal. */
export function textTable(header: string[], rows: string[][]): string {
  const clean = (s: string) => s.replace(/\*\*/g, '');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => clean(r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? clean(c).padEnd(widths[i]) : clean(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function machine(): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GB`,
    `- OS: ${osType()} ${osRelease()}`,
    `- Node.js ${process.version}`,
    `- date: ${new Date().toISOString()}`,
    `- load average at the end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ];
}

// ---------------------------------------------------------------- the per-request path (bench/fresh.ts)

/** "fresh (reused)": a sequence built per call, and the same call on one reused sequence object. */
const pair = (fresh: Timing, reused: Timing) => `${ms(fresh)} (${ms(reused)})`;

function freshSection(
  label: string,
  results: readonly DialectResult[],
  of: (r: DialectResult) => FreshResult | undefined,
): [string, ...string[]][] {
  const row = (name: string, cell: (f: FreshResult) => string): [string, ...string[]] => [
    name,
    ...results.map((r) => {
      const f = of(r);
      return f ? cell(f) : '–';
    }),
  ];
  return [
    row(label, () => ''),
    row('first page getMany() ms: fresh (reused)', (f) => pair(f.fresh.first, f.reused.first)),
    row('single-entity TypeORM getMany() ms (builder per call)', (f) => ms(f.single)),
    row('fresh first page / single-entity', (f) => x(f.fresh.first.ms / f.single.ms)),
    row('building SQL (getQueries()) ms: fresh (reused)', (f) => pair(f.fresh.build, f.reused.build)),
    row("TypeORM building one builder's SQL ms", (f) => ms(f.singleBuild)),
    row('fresh building SQL / TypeORM building', (f) => x(f.fresh.build.ms / f.singleBuild.ms)),
    row('in the database: key query on the driver ms', (f) => ms(f.keyQuery)),
    row('key query alone / single-entity getMany() (what SQL alone costs)', (f) =>
      x(f.keyQuery.ms / f.single.ms),
    ),
    row(
      'getFirst() ms: fresh (reused) / floor',
      (f) => `${pair(f.fresh.getFirst, f.reused.getFirst)} / ${ms(f.floors.first)}`,
    ),
    row(
      'getLast() ms: fresh (reused) / floor',
      (f) => `${pair(f.fresh.getLast, f.reused.getLast)} / ${ms(f.floors.last)}`,
    ),
    row(
      'getCount() ms: fresh (reused) / raw COUNT(*) ×3',
      (f) => `${pair(f.fresh.count, f.reused.count)} / ${ms(f.floors.count)}`,
    ),
    row('fresh / floor (getFirst, getLast, getCount)', (f) =>
      [
        f.fresh.getFirst.ms / f.floors.first.ms,
        f.fresh.getLast.ms / f.floors.last.ms,
        f.fresh.count.ms / f.floors.count.ms,
      ]
        .map(x)
        .join(', '),
    ),
  ];
}

/** The per-request rows of the result table: the seeded tables, then the small ones. */
export function freshRows(results: readonly DialectResult[]): [string, ...string[]][] {
  const small = results.find((r) => r.smallRows)?.smallRows;
  return [
    ...freshSection(
      '**per request** (sequence built per call; reused object in brackets; calls interleaved)',
      results,
      (r) => r.freshPath,
    ),
    ...freshSection(
      `**small tables** (${small ?? '?'} rows each, planning dominates)`,
      results,
      (r) => r.smallTables,
    ),
  ];
}

/** Issue 13's ratios on the fresh path (a sequence built per call), each with its bound. */
export const FRESH_RATIOS: readonly { name: string; limit: number; of: (f: FreshResult) => number }[] = [
  { name: 'fresh first page / single-entity getMany', limit: 1.2, of: (f) => f.fresh.first.ms / f.single.ms },
  { name: 'fresh getFirst / heads floor', limit: 2, of: (f) => f.fresh.getFirst.ms / f.floors.first.ms },
  { name: 'fresh getLast / heads floor', limit: 2, of: (f) => f.fresh.getLast.ms / f.floors.last.ms },
  { name: 'fresh getCount / raw counts', limit: 2, of: (f) => f.fresh.count.ms / f.floors.count.ms },
  {
    name: "fresh 3-builder SQL building / TypeORM one builder's",
    limit: 3,
    of: (f) => f.fresh.build.ms / f.singleBuild.ms,
  },
];

/** Issue 13's targets, on the fresh path (a sequence built per call) of the seeded tables. */
export function freshTargets(r: DialectResult): Target[] {
  const f = r.freshPath;
  if (!f) return [];
  return FRESH_RATIOS.map(({ name, limit, of }) => {
    const ratio = of(f);
    return {
      dialect: r.dialect,
      name,
      value: `${ratio.toFixed(2)}× (target ≤ ${limit}×)`,
      pass: ratio <= limit,
    };
  });
}
