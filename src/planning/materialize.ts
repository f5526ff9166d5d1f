import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { Member } from '../model/member';
import type { JoinSpec, SequenceState } from '../model/sequence-state';
import { primaryKeyIn } from '../combining/primary-keys';
import { foldFilters, type Negation } from '../filtering/compile-filters';
import { isToMany, resolvePath } from '../metadata/resolve-path';
import { aliasNamesOf, bracketOwnConditions, joinsOf, selectionsOf } from '../typeorm/internals';
import { isPlainObject } from '../filtering/find-operator';
import { joinPathsOfObject, splitIndexKey } from '../filtering/object-condition';

/** A member's builder with the sequence's joins and filters applied: what actually runs. */
export interface Materialized {
  readonly member: Member;
  readonly qb: SelectQueryBuilder<any>;
  /** The alias a relation path is joined under (`''` is the main alias). */
  readonly aliasOf: (joinPath: string) => string;
  /** True when a join can repeat a row of the main entity (to-many or ad-hoc joins). */
  readonly mayRepeatRows: boolean;
}

/**
 * Builds the member's query: joins first (TypeORM resolves `where({ author: {...} })` through existing
 * joins), then the folded filter. Returns null when the filter is constantly false for this builder.
 */
export function materialize(
  member: Member,
  state: Pick<SequenceState, 'filters' | 'joins'>,
  extraJoinPaths: readonly string[] = [],
): Materialized | null {
  const filterPaths = filterJoinPaths(state, member);
  const toMany = [...state.joins.map((j) => j.path), ...filterPaths].some((path) =>
    reachesToMany(member, path),
  );
  const negation = toMany ? excludeByPrimaryKey(member, state.joins, filterPaths) : undefined;
  const folded = foldFilters(state.filters, member, negation);
  if (folded === false) return null;
  const qb = member.builder.clone();
  const aliases = existingJoins(qb, member.alias);
  const ensure = (path: string, spec?: JoinSpec) => ensureJoin(qb, member.alias, aliases, path, spec);
  for (const join of state.joins) ensure(join.path, join);
  for (const path of filterPaths) ensure(path);
  for (const path of extraJoinPaths) ensure(path);
  const aliasOf = (path: string) => (path === '' ? member.alias : aliases.get(path)!);
  if (folded !== true) {
    bracketOwnConditions(qb);
    qb.andWhere(new Brackets((inner) => folded(inner, { root: qb, aliasOf })));
  }
  const mayRepeatRows = joinsOf(qb).some(
    (join) => !join.relation || join.relation.isOneToMany || join.relation.isManyToMany,
  );
  return { member, qb, aliasOf, mayRepeatRows };
}

function reachesToMany(member: Member, path: string): boolean {
  const resolved = resolvePath(member.metadata, path);
  return (
    !!resolved && [...resolved.relations, ...(resolved.relation ? [resolved.relation] : [])].some(isToMany)
  );
}

/**
 * exclude() when to-many joins repeat an entity's row: a row-by-row NOT would keep an entity through
 * its other related rows, so the entity is excluded by primary key if any of its joined rows matches.
 */
function excludeByPrimaryKey(
  member: Member,
  joins: readonly JoinSpec[],
  filterPaths: readonly string[],
): Negation {
  return (apply) => (qb) =>
    qb.andWhere((outer: SelectQueryBuilder<any>) => {
      const matching = member.builder.clone();
      bracketOwnConditions(matching);
      const aliases = existingJoins(matching, member.alias);
      for (const join of joins)
        ensureJoin(matching, member.alias, aliases, join.path, { ...join, select: false });
      for (const path of filterPaths) ensureJoin(matching, member.alias, aliases, path);
      const aliasOf = (path: string) => (path === '' ? member.alias : aliases.get(path)!);
      matching.andWhere(new Brackets((inner) => apply(inner, { root: matching, aliasOf })));
      const { condition, parameters } = primaryKeyIn(member.alias, matching);
      outer.setParameters(parameters);
      return `NOT (${condition})`;
    });
}

function existingJoins(qb: SelectQueryBuilder<any>, mainAlias: string): Map<string, string> {
  const pathByAlias = new Map<string, string>([[mainAlias, '']]);
  const aliases = new Map<string, string>();
  for (const join of joinsOf(qb)) {
    const parent = join.parentAlias === undefined ? undefined : pathByAlias.get(join.parentAlias);
    if (parent === undefined || !join.relationPropertyPath) continue;
    const path = parent ? `${parent}.${join.relationPropertyPath}` : join.relationPropertyPath;
    pathByAlias.set(join.alias.name, path);
    if (!aliases.has(path)) aliases.set(path, join.alias.name);
  }
  return aliases;
}

function ensureJoin(
  qb: SelectQueryBuilder<any>,
  mainAlias: string,
  aliases: Map<string, string>,
  path: string,
  spec?: JoinSpec,
): void {
  const existing = aliases.get(path);
  if (existing !== undefined) {
    if (spec?.select && !selectionsOf(qb).includes(existing)) qb.addSelect(existing);
    return;
  }
  const dot = path.lastIndexOf('.');
  const parentPath = dot < 0 ? '' : path.slice(0, dot);
  if (parentPath) ensureJoin(qb, mainAlias, aliases, parentPath);
  const parentAlias = parentPath ? aliases.get(parentPath)! : mainAlias;
  const alias = spec?.alias ?? freeAlias(qb, path.replace(/\./g, '_'));
  const property = `${parentAlias}.${path.slice(dot + 1)}`;
  const kind = spec?.kind ?? 'left';
  if (spec?.select) {
    if (kind === 'inner') qb.innerJoinAndSelect(property, alias);
    else qb.leftJoinAndSelect(property, alias);
  } else if (kind === 'inner') qb.innerJoin(property, alias);
  else qb.leftJoin(property, alias);
  aliases.set(path, alias);
}

function freeAlias(qb: SelectQueryBuilder<any>, wanted: string): string {
  const taken = new Set(aliasNamesOf(qb));
  let alias = wanted;
  for (let n = 1; taken.has(alias); n++) alias = `${wanted}_${n}`;
  return alias;
}

function filterJoinPaths(state: Pick<SequenceState, 'filters'>, member: Member): string[] {
  const paths: string[] = [];
  for (const term of state.filters) {
    const objects = Array.isArray(term.condition) ? term.condition : [term.condition];
    for (const object of objects) {
      if (!isPlainObject(object)) continue;
      paths.push(...joinPathsOfObject(splitIndexKey(object).rest, member.metadata));
    }
  }
  return [...new Set(paths)];
}
