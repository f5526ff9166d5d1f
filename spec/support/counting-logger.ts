import type { Logger } from 'typeorm';

/** A TypeORM logger that records the statements run, so specs can count queries. */
export class CountingLogger implements Logger {
  readonly queries: string[] = [];
  /** The values each query was sent with (same positions as `queries`). */
  readonly parameters: unknown[][] = [];

  logQuery(query: string, parameters?: unknown[]): void {
    this.queries.push(query);
    this.parameters.push([...(parameters ?? [])]);
  }

  reset(): void {
    this.queries.length = 0;
    this.parameters.length = 0;
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
