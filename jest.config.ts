import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] },
  // All specs share the PostgreSQL and MariaDB `test` databases: one worker keeps them apart.
  maxWorkers: 1,
  // The package's own name (the examples import it so) is this checkout's source, as in tsconfig.json's paths.
  moduleNameMapper: {
    '^typeorm-query-sequence$': '<rootDir>/src/index.ts',
    '^typeorm-query-sequence/nestjs$': '<rootDir>/src/nestjs/index.ts',
  },
  globalSetup: '<rootDir>/spec/support/global-setup.ts',
  globalTeardown: '<rootDir>/spec/support/global-teardown.ts',
  testTimeout: 30000,
};

export default config;
