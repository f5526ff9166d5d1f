import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

let counter = 0;

/**
 * The builder's SQL (with `:named` placeholders) and parameters, every parameter renamed with a prefix
 * of its own. Two builders routinely use the same names (TypeORM names object conditions `orm_param_0`,
 * people reuse `:id`), so putting their SQL into one statement must not let one side's value win.
 */
export function withOwnParameterNames(qb: SelectQueryBuilder<any>): {
  sql: string;
  parameters: ObjectLiteral;
} {
  const prefix = `seq${++counter}_`;
  let sql = qb.getQuery();
  const parameters: ObjectLiteral = {};
  const names = Object.keys(qb.getParameters()).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const pattern = new RegExp(`:(\\.\\.\\.)?${escapeRegExp(name)}(?![A-Za-z0-9_])`, 'g');
    sql = sql.replace(pattern, (_match, spread: string | undefined) => `:${spread ?? ''}${prefix}${name}`);
    parameters[`${prefix}${name}`] = qb.getParameters()[name];
  }
  return { sql, parameters };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
