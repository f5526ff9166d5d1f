import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/** Loads `entry` in a fresh Node process in which every `@nestjs/*` package is missing. */
async function loadWithoutNest(entry: string): Promise<{ ok: boolean; output: string }> {
  const script = `
    const Module = require('module');
    const resolveFilename = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request.startsWith('@nestjs/')) {
        throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
      }
      return resolveFilename.call(this, request, ...rest);
    };
    const exported = require(${JSON.stringify(entry)});
    console.log(Object.keys(exported).sort().join(','));
  `;
  try {
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
    });
    return { ok: true, output: stdout.trim() };
  } catch (error: any) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

describe('NestJS stays an optional peer dependency', () => {
  it('the main entry loads without any @nestjs package installed', async () => {
    const { ok, output } = await loadWithoutNest('./src');
    expect(ok).toBe(true);
    expect(output.split(',')).toEqual(
      expect.arrayContaining(['SequenceQueryBuilder', 'sequenceOf', 'Sequenced']),
    );
    expect(output.split(',')).not.toContain('SequenceModule');
  });

  it('the nestjs entry is the one that needs @nestjs/common and @nestjs/typeorm', async () => {
    const { ok, output } = await loadWithoutNest('./src/nestjs');
    expect(ok).toBe(false);
    expect(output).toMatch(/Cannot find module '@nestjs\/(common|typeorm)'/);
  });
});
