import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES } from '../../../entities';
import { availableDialects, connectionOptions, type DialectName } from '../../support/dialects';
import { TestDatabase } from '../../support/test-database';

/**
 * A TestDatabase over a DataSource that a Nest application opened through TypeOrmModule, so the shared
 * seed() and oracle() work on it and its queries are counted.
 */
export class NestDatabase extends TestDatabase {
  private attached?: DataSource;

  attach(dataSource: DataSource): void {
    this.attached = dataSource;
  }

  override get dataSource(): DataSource {
    if (!this.attached) throw new Error('NestDatabase used before its Nest application started.');
    return this.attached;
  }
}

/** TypeOrmModule.forRoot() options for a dialect: every fixture entity, a fresh schema, queries counted. */
export function typeOrmOptions(
  dialect: DialectName,
  db: TestDatabase,
  extra: Partial<TypeOrmModuleOptions> = {},
): TypeOrmModuleOptions {
  return {
    ...connectionOptions(dialect),
    entities: ALL_ENTITIES,
    synchronize: true,
    dropSchema: true,
    logging: ['query'],
    logger: db.logger,
    ...extra,
  } as TypeOrmModuleOptions;
}

export interface NestContext {
  readonly db: NestDatabase;
  /** The compiled testing module (set once the describe block's beforeAll has run). */
  readonly module: TestingModule;
}

export interface NestSetup {
  /** The testing module's metadata; its imports come after TypeOrmModule.forRoot(). */
  metadata: (dialect: DialectName) => ModuleMetadata;
  /** Options for TypeOrmModule.forRoot() on top of typeOrmOptions(). */
  root?: Partial<TypeOrmModuleOptions>;
  /** Runs once the module is compiled (seeding, for instance). */
  prepare?: (context: NestContext) => Promise<unknown>;
}

/**
 * Runs `body` once per available dialect against a Nest testing module whose imports start with
 * TypeOrmModule.forRoot() on that dialect's database (the default DataSource).
 */
export function describeEachDialectInNest(
  title: string,
  setup: NestSetup,
  body: (context: NestContext) => void,
): void {
  for (const dialect of availableDialects()) {
    describe(`${title} [${dialect}]`, () => {
      const db = new NestDatabase(dialect);
      let module: TestingModule | undefined;
      const context: NestContext = {
        db,
        get module() {
          if (!module) throw new Error('The Nest testing module is not compiled yet.');
          return module;
        },
      };
      beforeAll(async () => {
        const { imports = [], ...rest } = setup.metadata(dialect);
        module = await Test.createTestingModule({
          ...rest,
          imports: [TypeOrmModule.forRoot(typeOrmOptions(dialect, db, setup.root)), ...imports],
        }).compile();
        db.attach(module.get(DataSource));
        await setup.prepare?.(context);
      });
      afterAll(() => module?.close());
      body(context);
    });
  }
}
