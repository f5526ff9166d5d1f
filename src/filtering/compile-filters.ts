import { Brackets, InstanceChecker, type WhereExpressionBuilder } from 'typeorm';
import type { Member } from '../model/member';
import { whereSqlOf } from '../typeorm/internals';
import { compileObject, type ApplyContext } from './compile-object';
import type { Condition, FilterTerm } from '../model/condition';
import { matchesIndex } from './index-condition';
import { splitIndexKey } from './object-condition';

/** Adds one condition to a where-expression builder. */
type Apply = (qb: WhereExpressionBuilder, context: ApplyContext) => void;

/** A condition for one builder after `'#'` is decided: always true, always false, or SQL. */
export type Folded = true | false | Apply;
export type { Apply };

/** How exclude() negates SQL: by default per row; a builder with to-many joins negates per entity. */
export type Negation = (apply: Apply) => Apply;

/**
 * Folds a sequence's filter terms for one builder. Terms combine as TypeORM's where/andWhere/orWhere do
 * (AND binds tighter than OR), but each term is bracketed on its own. `'#'` parts fold to constants, so a
 * builder whose filter is constantly false is left out and runs no SQL.
 */
export function foldFilters(
  terms: readonly FilterTerm[],
  member: Member,
  negation: Negation = notTrue,
): Folded {
  if (terms.length === 0) return true;
  const groups: Folded[][] = [];
  for (const term of terms) {
    if (term.connective === 'or' || groups.length === 0) groups.push([]);
    const folded = foldCondition(term.condition, term.parameters, member);
    groups[groups.length - 1].push(term.negated ? negate(folded, negation) : folded);
  }
  return any(groups.map(all));
}

function foldCondition(condition: Condition, parameters: object | undefined, member: Member): Folded {
  // Bracketed, so that `a OR b` in one condition cannot swallow the conditions beside it.
  if (typeof condition === 'string')
    return (qb) => qb.andWhere(new Brackets((inner) => inner.where(condition, parameters)));
  if (typeof condition === 'function') {
    return (qb) => qb.andWhere(new Brackets((inner) => condition(inner, member.alias, member.index)));
  }
  if (InstanceChecker.isBrackets(condition)) {
    return (qb) => qb.andWhere(condition as Brackets);
  }
  if (Array.isArray(condition)) return any(condition.map((c) => foldObject(c as any, member)));
  return foldObject(condition as Record<string, unknown>, member);
}

function foldObject(object: Record<string, unknown>, member: Member): Folded {
  const { index, rest } = splitIndexKey(object);
  if (index !== undefined && !matchesIndex(index, member.index)) return false;
  if (Object.keys(rest).length === 0) return true;
  return (qb, context) => qb.andWhere(compileObject(context, member.metadata, rest));
}

/** AND of the parts: false if any is false, true if all are (none left), else one bracket of them. */
function all(parts: Folded[]): Folded {
  return fold(
    parts,
    false,
    (applies) => (qb, context) =>
      qb.andWhere(new Brackets((inner) => applies.forEach((apply) => apply(inner, context)))),
  );
}

/** OR of the parts: true if any is true, false if none is left, else one bracket of ORed parts. */
function any(parts: Folded[]): Folded {
  return fold(
    parts,
    true,
    (applies) => (qb, context) =>
      qb.andWhere(
        new Brackets((inner) =>
          applies.forEach((apply) => inner.orWhere(new Brackets((one) => apply(one, context)))),
        ),
      ),
  );
}

/** Folds the parts of an AND (`absorbing` false) or an OR (`absorbing` true) into one. */
function fold(parts: Folded[], absorbing: boolean, join: (applies: Apply[]) => Apply): Folded {
  if (parts.includes(absorbing)) return absorbing;
  const applies = parts.filter((p): p is Apply => typeof p === 'function');
  if (applies.length === 0) return !absorbing;
  return applies.length === 1 ? applies[0] : join(applies);
}

function negate(folded: Folded, negation: Negation): Folded {
  if (folded === true) return false;
  if (folded === false) return true;
  return negation(folded);
}

/** Django's exclude: keeps rows where the condition is false or unknown (a compared column is NULL). */
const notTrue: Negation = (apply) => (qb, context) =>
  qb.andWhere(
    (builder: any) => `${whereSqlOf(builder, new Brackets((inner) => apply(inner, context)))} IS NOT TRUE`,
  );
