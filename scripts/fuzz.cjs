#!/usr/bin/env node
/*
 * Long runs of the differential property (spec/differential): `npm run fuzz -- --runs 10000 [--seed 7]
 * [--no-shrink]`. The options become FUZZ_RUNS, FUZZ_SEED and FUZZ_SHRINK=0 for the same spec `npm test`
 * runs with its defaults; other arguments go to Jest. The number of entity pairs grows with the runs.
 */
const { spawnSync } = require('node:child_process');

const env = { ...process.env };
const rest = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--runs' || arg === '--seed') {
    const value = args[++i];
    if (!/^\d+$/.test(value ?? '')) {
      console.error(
        `fuzz: ${arg} wants a whole number, got ${value === undefined ? 'nothing' : `'${value}'`}.`,
      );
      process.exit(2);
    }
    env[arg === '--runs' ? 'FUZZ_RUNS' : 'FUZZ_SEED'] = value;
  } else if (arg === '--no-shrink') {
    env.FUZZ_SHRINK = '0';
  } else {
    rest.push(arg);
  }
}

const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, 'spec/differential', ...rest], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
