import type { Logger } from 'typeorm';

/** A TypeORM logger that records the statements run, so specs can count queries. */
export class CountingLogger implements Logger {
  readonly queries: string[] = [];

  logQuery(query: string): void {
    this.queries.push(query);
  }

  reset(): void {
    this.queries.length = 0;
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
