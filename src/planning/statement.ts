import type { SqlDialect } from '../dialect/dialect';

/** SQL in the driver's own placeholder style, with the array of values the driver receives. */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Puts several statements' SQL into one, keeping each one's values. `?` placeholders are positional
 * and simply concatenate; PostgreSQL's `$n` are renumbered (`SqlDialect.shiftPlaceholders`).
 */
export function combine(
  dialect: SqlDialect,
  parts: readonly Statement[],
  assemble: (sqls: string[]) => string,
): Statement {
  const parameters: unknown[] = [];
  const sqls = parts.map((part) => {
    const offset = parameters.length;
    parameters.push(...part.parameters);
    return dialect.shiftPlaceholders(part.sql, offset);
  });
  return { sql: assemble(sqls), parameters };
}
