import type { Logger } from 'typeorm';

/** A TypeORM logger that records the statements run, so specs can count queries, and the ones that failed. */
export class CountingLogger implements Logger {
  readonly queries: string[] = [];
  /** The values each query was sent with (same positions as `queries`). */
  readonly parameters: unknown[][] = [];
  /** Every statement the database answered with an error, and the error's message. */
  readonly errors: { query: string; message: string }[] = [];

  logQuery(query: string, parameters?: unknown[]): void {
    this.queries.push(query);
    this.parameters.push([...(parameters ?? [])]);
  }

  reset(): void {
    this.queries.length = 0;
    this.parameters.length = 0;
    this.errors.length = 0;
  }

  logQueryError(error: string | Error, query: string): void {
    this.errors.push({ query, message: typeof error === 'string' ? error : error.message });
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
