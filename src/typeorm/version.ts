import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let version: string | undefined;

/**
 * The installed TypeORM's version, from its package.json (TypeORM 1.x exports no `typeorm/package.json`,
 * so it is read next to the resolved entry point), or 'unknown' where it cannot be read (a bundle). Only
 * error messages and the contract spec use it: behaviour never depends on it.
 */
export function typeormVersion(): string {
  if (version === undefined) version = readVersion();
  return version;
}

function readVersion(): string {
  try {
    const manifest = JSON.parse(
      readFileSync(join(dirname(require.resolve('typeorm')), 'package.json'), 'utf8'),
    );
    return typeof manifest?.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
