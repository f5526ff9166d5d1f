import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDemoDatabase } from '../../examples/support/demo-database';
import { NestDatabase } from '../nestjs/support/nest-database';
import { oracle } from '../support/oracle';
import { tail } from '../support/order-terms';

/*
 * The examples as a user runs them: `npm run <script>` in this checkout, the package imported by its name.
 * ts-node only transpiles here (the type-check is `npm run typecheck`'s), to keep the spec short.
 */
const root = join(__dirname, '..', '..');
const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NO_COLOR: '1' };
const ENTITY: Record<string, string> = { Book: 'Book', Article: 'Article', BlogPost: 'BlogPost' };

function npmRun(script: string, args: string[]) {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('examples/export.ts: npm run example:export [sqlite]', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tqs-export-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help prints the usage and exits 0', () => {
    const { status, stdout, stderr } = npmRun('example:export', ['--help']);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^Usage: npm run example:export -- \[--format ndjson\|csv\] \[--out FILE\]/);
  });

  it.each([
    [['--format', 'xml'], /--format must be ndjson or csv, not 'xml'/],
    [['--extra', 'abc'], /--extra must be a whole number/],
    [['--out'], /'--out <value>' argument missing/],
    [['--out', ''], /--out needs a file name/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('%j: one line on stderr, exit code 2, no stack trace', (args, message) => {
    const { status, stdout, stderr } = npmRun('example:export', args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--format csv --out feed.ndjson writes CSV to that file, in the database’s order, with a progress line', async () => {
    const out = join(dir, 'feed.ndjson');
    const { status, stderr } = npmRun('example:export', ['--format', 'csv', '--out', out, '--extra', '600']);
    expect(status).toBe(0);
    // The progress bar shows the rate and the time left; the last line names the file.
    expect(stderr).toMatch(/\] 616\/616 rows, \d+ rows\/s, \d+:\d\d left, heap \d+ MB/);
    expect(stderr).toContain(`Wrote 616 rows to ${out}`);
    const [header, ...lines] = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(header).toBe('type,id,title,release,pages');

    // The same demo data plus the same generated posts, ordered by a hand-written UNION ALL.
    const db = new NestDatabase('sqlite');
    const dataSource = await openDemoDatabase();
    try {
      await dataSource.query(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 599) ` +
          `INSERT INTO blog_post (id, title, "release", pages, likes) SELECT 'generated-' || i, ` +
          `'Generated post ' || i, date('2020-01-01', '+' || (i % 1500) || ' days'), 1 + i % 9, 0 FROM n`,
      );
      db.attach(dataSource);
      const expected = await oracle(db, { orderBy: `${db.q('release')} DESC, ${tail('DESC')}` });
      expect(lines.map((line) => `${ENTITY[line.split(',')[0]]}:${line.split(',')[1]}`)).toEqual(expected);
    } finally {
      await dataSource.destroy();
    }
  }, 60_000);
});

describe('examples/nestjs: npm run example:nestjs [sqlite]', () => {
  it('answers over HTTP and stops, server and all, when npm is sent SIGTERM', async () => {
    const child = spawn('npm', ['run', '-s', 'example:nestjs'], {
      cwd: root,
      env: { ...env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in 45 s:\n${output}`)), 45_000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)\/feed/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const response = await fetch(`${url}/feed/Book/1`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ type: 'book', id: 1 });

      child.kill('SIGTERM');
      await once(child, 'exit');
      // Nothing listens any more: the server was npm's own child (exec), not an orphan of a shell.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await expect(fetch(`${url}/feed?first=1`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
