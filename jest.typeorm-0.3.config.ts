import type { Config } from 'jest';
import base from './jest.config';

/*
 * The same specs against the newest TypeORM 0.3.x (installed as `typeorm-0.3`), on the same databases as
 * the main run (TEST_DIALECTS): the peer range covers both majors. Every `typeorm` import, NestJS's
 * included, resolves to 0.3 here.
 */

const config: Config = {
  ...base,
  displayName: 'typeorm 0.3',
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^typeorm$': '<rootDir>/node_modules/typeorm-0.3',
    '^typeorm/(.*)$': '<rootDir>/node_modules/typeorm-0.3/$1',
  },
  // The packed tarball is checked once, with the TypeORM it is built against; the example scripts run in
  // processes of their own, which load the TypeORM installed as `typeorm` whatever this run maps.
  testPathIgnorePatterns: ['/node_modules/', '/spec/packaging/', '/spec/examples/scripts'],
};

export default config;
