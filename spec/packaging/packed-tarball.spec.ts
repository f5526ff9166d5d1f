import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The package as users get it: `npm pack` (which builds dist/), then the tarball unpacked into a scratch
 * project's node_modules — the package has no dependencies of its own, only peers, so that is what
 * `npm install <tarball>` does — next to links to this repo's typeorm, reflect-metadata and
 * better-sqlite3 (no network, no native rebuild). A script then runs against it on SQLite, once through
 * `require` and once through `import`.
 */
const root = join(__dirname, '..', '..');
const PEERS = ['typeorm', 'reflect-metadata', 'better-sqlite3'];
const NEST = ['@nestjs/common', '@nestjs/core', '@nestjs/typeorm', 'rxjs'];

/**
 * The TypeScript versions a consumer project is type-checked with: the lowest 5.x and the current 7.x
 * (README, Install). Each is installed once per machine into the temporary directory and reused.
 */
const TYPESCRIPTS = ['5.0.4', '7.0.2'];

function typescript(version: string): string {
  const dir = join(tmpdir(), 'tqs-typescript', version);
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const installed = join(dir, 'node_modules', 'typescript', 'package.json');
  if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== version) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `typescript@${version}`,
      ],
      { stdio: 'pipe' },
    );
  }
  return tsc;
}

/** A consumer's compiler options: the ones the README asks for, and one module system. */
const CONSUMERS: { name: string; type: 'commonjs' | 'module'; options: object; typescripts: string[] }[] = [
  {
    name: 'CommonJS, moduleResolution node10',
    type: 'commonjs',
    options: { module: 'commonjs', moduleResolution: 'node' },
    typescripts: ['5.0.4'], // TypeScript 7 has no node10 resolution
  },
  {
    name: 'CommonJS, module node16',
    type: 'commonjs',
    options: { module: 'node16' },
    typescripts: ['7.0.2'], // 5.0 is checked once per module system, to keep the spec short
  },
  {
    name: 'ES module, module node16',
    type: 'module',
    options: { module: 'node16' },
    typescripts: TYPESCRIPTS,
  },
  {
    // TypeORM's exports map gives its deep paths (ColumnMetadata…) no types under the `import` condition,
    // and the declarations import some: with bundler resolution they are read only with skipLibCheck.
    name: 'bundler resolution, skipLibCheck',
    type: 'module',
    options: { module: 'preserve', moduleResolution: 'bundler', skipLibCheck: true },
    typescripts: ['7.0.2'], // module preserve is TypeScript 5.4+
  },
];

function link(scratch: string, name: string): void {
  const target = join(scratch, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  if (!existsSync(target)) symlinkSync(join(root, 'node_modules', name), target, 'dir');
}

function run(scratch: string, file: string): any {
  const output = execFileSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!);
}

describe('the packed tarball [sqlite]', () => {
  let scratch: string;
  let manifest: any;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tqs-scratch-'));
    const packed = execFileSync('npm', ['pack', '--pack-destination', scratch, '--silent'], {
      cwd: root,
      encoding: 'utf8',
    });
    const tarball = join(scratch, packed.trim().split('\n').pop()!);
    mkdirSync(join(scratch, 'node_modules'), { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', join(scratch, 'node_modules')]);
    renameSync(
      join(scratch, 'node_modules', 'package'),
      join(scratch, 'node_modules', 'typeorm-query-sequence'),
    );
    for (const peer of PEERS) link(scratch, peer);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
    const script = readFileSync(join(__dirname, 'scratch-script.js.txt'), 'utf8');
    const names = 'DataSource, EntitySchema';
    const ours = 'Sequenced, sequenceOf, sequenceIndexOf, SequenceError, UnknownFieldError';
    writeFileSync(
      join(scratch, 'main.cjs'),
      script.replace(
        '__IMPORT__',
        `require('reflect-metadata');\nconst { ${names} } = require('typeorm');\nconst { ${ours} } = require('typeorm-query-sequence');`,
      ),
    );
    writeFileSync(
      join(scratch, 'main.mjs'),
      script.replace(
        '__IMPORT__',
        `import 'reflect-metadata';\nimport { ${names} } from 'typeorm';\nimport { ${ours} } from 'typeorm-query-sequence';`,
      ),
    );
    manifest = JSON.parse(
      readFileSync(join(scratch, 'node_modules', 'typeorm-query-sequence', 'package.json'), 'utf8'),
    );
  }, 120_000);

  afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  const expected = {
    titles: ['b2', 'a1', 'b1'],
    latest: 'b2',
    count: 3,
    pageTitles: ['b2', 'a1'],
    hasNextPage: true,
    index: 0,
    errorIsSequenceError: true,
  };

  it('ships the build, declarations and an exports map, and no sources or specs', () => {
    const files = readdirSync(join(scratch, 'node_modules', 'typeorm-query-sequence'));
    expect(files.sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json'].sort());
    expect(Object.keys(manifest.exports)).toEqual(['.', './nestjs', './package.json']);
    for (const target of Object.values<any>(manifest.exports).filter((e) => typeof e === 'object')) {
      for (const file of [target.types, target.import, target.require]) {
        expect(existsSync(join(scratch, 'node_modules', 'typeorm-query-sequence', file))).toBe(true);
      }
    }
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('works through require (CommonJS), without NestJS installed', () => {
    expect(run(scratch, 'main.cjs')).toEqual(expected);
  });

  it('works through import (ES modules), sharing the one registry of the CommonJS build', () => {
    expect(run(scratch, 'main.mjs')).toEqual(expected);
  });

  it('a SequenceRegistry augmentation types sequenceOf() as the package is installed', () => {
    // The declarations as shipped: an application's augmentation of the package name must reach sequenceOf().
    link(scratch, '@types/node');
    writeFileSync(
      join(scratch, 'typed.ts'),
      [
        "import type { DataSource } from 'typeorm';",
        "import { sequenceOf, type SequenceQueryBuilder } from 'typeorm-query-sequence';",
        'class Book { id!: number; title!: string; isbn!: string; }',
        'class Article { id!: number; title!: string; }',
        "declare module 'typeorm-query-sequence' { interface SequenceRegistry { shelf: Book | Article } }",
        'declare const ds: DataSource;',
        "export const shelf: SequenceQueryBuilder<Book | Article> = sequenceOf(ds, 'shelf').orderBy('title');",
        '// @ts-expect-error isbn is only on Book',
        "sequenceOf(ds, 'shelf').orderBy('isbn');",
        "export const other = sequenceOf(ds, 'other').orderBy('anything');",
      ].join('\n'),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    /** tsc's report on a file: '' when it type-checks. */
    const check = (file: string): string => {
      try {
        execFileSync(
          process.execPath,
          [tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', file],
          {
            cwd: scratch,
            encoding: 'utf8',
          },
        );
        return '';
      } catch (error: any) {
        return String(error.stdout) + String(error.stderr);
      }
    };
    expect(check('typed.ts')).toBe('');
    // And the check can fail: without the augmentation the @ts-expect-error has nothing to expect.
    writeFileSync(
      join(scratch, 'untyped.ts'),
      readFileSync(join(scratch, 'typed.ts'), 'utf8').replace(
        "declare module 'typeorm-query-sequence'",
        'namespace X',
      ),
    );
    expect(check('untyped.ts')).toMatch(/untyped\.ts\(8,1\): error TS2578: Unused '@ts-expect-error'/);
  });

  it('the ./nestjs entry loads in both module systems once NestJS is installed', () => {
    expect(() =>
      execFileSync(process.execPath, ['-e', "require('typeorm-query-sequence/nestjs')"], {
        cwd: scratch,
        stdio: 'pipe',
      }),
    ).toThrow(/@nestjs/);
    for (const name of NEST) link(scratch, name);
    const cjs = execFileSync(
      process.execPath,
      [
        '-e',
        "const n = require('typeorm-query-sequence/nestjs'); console.log(typeof n.SequenceModule.forFeature, typeof n.InjectSequence)",
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
    expect(cjs.trim()).toBe('function function');
    const esm = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { SequenceModule, getSequenceToken } from 'typeorm-query-sequence/nestjs'; console.log(typeof SequenceModule.forFeature, typeof getSequenceToken)",
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
    expect(esm.trim()).toBe('function function');
  });

  describe.each(CONSUMERS)(
    'a TypeScript project, $name, type-checks against the declarations',
    (consumer) => {
      it.each(consumer.typescripts)(
        'with TypeScript %s',
        (version) => {
          for (const name of [...NEST, '@types/node']) link(scratch, name);
          const project = join(scratch, `consumer-${CONSUMERS.indexOf(consumer)}`);
          mkdirSync(project, { recursive: true });
          writeFileSync(
            join(project, 'package.json'),
            JSON.stringify({ private: true, type: consumer.type }),
          );
          writeFileSync(join(project, 'main.ts'), readFileSync(join(__dirname, 'consumer.ts.txt'), 'utf8'));
          // The check is real: misuses of the package's types must be errors (else each directive is one).
          writeFileSync(
            join(project, 'misuse.ts'),
            "import { sequenceOf } from 'typeorm-query-sequence';\n" +
              "import { getSequenceToken } from 'typeorm-query-sequence/nestjs';\n" +
              "// @ts-expect-error not a DataSource\nsequenceOf(42, 'shelf');\n" +
              '// @ts-expect-error not a sequence name\ngetSequenceToken({});\n',
          );
          const compilerOptions = {
            strict: true,
            noEmit: true,
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            types: ['node'],
            ...consumer.options,
          };
          writeFileSync(
            join(project, 'tsconfig.json'),
            JSON.stringify({ compilerOptions, files: ['main.ts', 'misuse.ts'] }),
          );
          const result = spawnSync(process.execPath, [typescript(version), '-p', project], {
            encoding: 'utf8',
          });
          expect(`${result.stdout}${result.stderr}`).toBe('');
          expect(result.status).toBe(0);
        },
        120_000,
      );
    },
  );
});
