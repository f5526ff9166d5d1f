import 'reflect-metadata';
import { DataSource, type EntitySchema } from 'typeorm';
import { ALL_ENTITIES } from '../../entities';
import { CountingLogger } from './counting-logger';
import { availableDialects, connectionOptions, type DialectName } from './dialects';

/** One real database for a describe block: schema created from the entities, queries counted. */
export class TestDatabase {
  readonly logger = new CountingLogger();
  private source?: DataSource;

  constructor(readonly dialect: DialectName) {}

  get dataSource(): DataSource {
    if (!this.source) throw new Error('TestDatabase used outside its describe block (not open yet).');
    return this.source;
  }

  async open(entities: (Function | EntitySchema<any>)[] = ALL_ENTITIES): Promise<void> {
    this.source = new DataSource({
      ...connectionOptions(this.dialect),
      entities,
      synchronize: true,
      dropSchema: true,
      logging: ['query'],
      logger: this.logger,
    } as any);
    await this.source.initialize();
  }

  async close(): Promise<void> {
    if (this.source?.isInitialized) await this.source.destroy();
  }

  /** Escapes an identifier the way this database wants it. */
  q(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  query<R = any>(sql: string, parameters: unknown[] = []): Promise<R[]> {
    return this.dataSource.query(sql, parameters);
  }

  /** Runs `work` and returns its result with the number of statements it sent to the database. */
  async counted<R>(
    work: () => Promise<R>,
  ): Promise<{ result: R; queries: string[]; parameters: unknown[][] }> {
    this.logger.reset();
    const result = await work();
    return { result, queries: [...this.logger.queries], parameters: [...this.logger.parameters] };
  }
}

/**
 * Runs `body` once per available dialect, in its own describe block with its own database. `body`
 * registers its own hooks (seeding, for instance) through the TestDatabase it is given.
 */
export function describeEachDialect(title: string, body: (db: TestDatabase) => void): void {
  for (const dialect of availableDialects()) {
    describe(`${title} [${dialect}]`, () => {
      const db = new TestDatabase(dialect);
      beforeAll(() => db.open());
      afterAll(() => db.close());
      body(db);
    });
  }
}
