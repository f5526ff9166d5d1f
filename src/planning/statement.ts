import type { Dialect } from '../dialect/dialect';

/** SQL in the driver's own placeholder style, with the array of values the driver receives. */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Puts several statements' SQL into one, keeping each one's values. `?` placeholders are positional
 * and simply concatenate; PostgreSQL's `$n` are renumbered (outside quoted text).
 */
export function combine(
  dialect: Dialect,
  parts: readonly Statement[],
  assemble: (sqls: string[]) => string,
): Statement {
  const parameters: unknown[] = [];
  const sqls = parts.map((part) => {
    const offset = parameters.length;
    parameters.push(...part.parameters);
    return dialect === 'postgres' && offset > 0 ? renumber(part.sql, offset) : part.sql;
  });
  return { sql: assemble(sqls), parameters };
}

function renumber(sql: string, offset: number): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      out += `$${Number(sql.slice(i + 1, j)) + offset}`;
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
