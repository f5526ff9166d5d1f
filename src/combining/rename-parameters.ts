import { aliasNamesOf, parametersOf } from '../typeorm/internals';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The builder's SQL (with `:named` placeholders) and parameters, every parameter renamed with `prefix`.
 * Two builders routinely use the same names (TypeORM names object conditions `orm_param_0`, people reuse
 * `:id`), so putting their SQL into one statement must not let one side's value win. The caller derives
 * the prefix from where the SQL goes (an alias, a position), never from a counter: the same builders give
 * the same SQL text whatever ran before.
 */
export function withOwnParameterNames(
  qb: SelectQueryBuilder<any>,
  prefix: string,
): {
  sql: string;
  parameters: ObjectLiteral;
} {
  let sql = qb.getQuery();
  const parameters: ObjectLiteral = {};
  const own = qb.getParameters();
  const names = Object.keys(own).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const pattern = new RegExp(`:(\\.\\.\\.)?${escapeRegExp(name)}(?![A-Za-z0-9_])`, 'g');
    sql = sql.replace(pattern, (_match, spread: string | undefined) => `:${spread ?? ''}${prefix}${name}`);
    parameters[`${prefix}${name}`] = own[name];
  }
  return { sql, parameters };
}

/**
 * The first `${stem}${n}` (n = 0, 1, …) that is neither an alias of `qb` nor the prefix of one of its
 * parameters: a name for SQL put into `qb`, fixed by what `qb` already holds.
 */
export function freeName(qb: SelectQueryBuilder<any>, stem: string): string {
  const aliases = new Set(aliasNamesOf(qb));
  const parameters = Object.keys(parametersOf(qb));
  for (let n = 0; ; n++) {
    const name = `${stem}${n}`;
    if (!aliases.has(name) && !parameters.some((p) => p.startsWith(`${name}_`))) return name;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
