import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InstanceChecker } from 'typeorm';
import type { Condition, FilterTerm } from '../model/condition';
import type { Member } from '../model/member';
import type { SequenceState } from '../model/sequence-state';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { expressionMapFieldsOf, queryRunnerOf } from '../typeorm/internals';
import { objectId } from '../util/object-id';

/*
 * A sequence's SHAPE: everything its SQL text depends on, parameter values left out. Two sequences of one
 * shape (a web handler building `sequenceOf(ds, 'feed').where(…).orderBy(…)` afresh per request) get the
 * same SQL, so their plan is built once (plan-sequence.ts) and each request binds its own values.
 *
 * What goes in: each builder's DataSource and entity, its `#` and alias and its whole expression map
 * (selects, joins, where clauses as TypeORM stores them, with `:named` parameters, order, options...),
 * each parameter's name and kind of value (an array's length: `:...ids` expands to one placeholder per
 * element); the sequence's filters with the values in object conditions abstracted the same way, but
 * `'#'` values kept (they decide which builders run); orders, joins, selection, quota, reversal.
 *
 * No shape (undefined: the sequence is planned on its own, as before) when the SQL could depend on
 * something a shape cannot see: a condition given as a function or Brackets (the SQL is whatever the
 * function writes), a Raw() operator with a function, a parameter whose value is a function (TypeORM
 * writes its result into the SQL), a value that is a class instance, a builder bound to a QueryRunner (a
 * transaction's), or an expression-map field holding something other than plain data.
 */

class NoShape extends Error {}
const NO_SHAPE = new NoShape();

function noShape(): never {
  throw NO_SHAPE;
}

/** The key of a sequence's shape (with getValues()' paths), or undefined when it has none (see above). */
export function sequenceShape(state: SequenceState, valuePaths?: readonly string[]): string | undefined {
  try {
    let key = '';
    for (const member of state.members) key += memberShape(member);
    for (const term of state.filters) key += termShape(term);
    key += JSON.stringify([
      state.orders,
      state.reversed,
      state.joins,
      state.selection ?? null,
      state.takeEach ?? null,
      state.interleaved ?? null,
      state.strategy ?? 'union',
      valuePaths ?? null,
    ]);
    return key;
  } catch (error) {
    if (error === NO_SHAPE) return undefined;
    throw error;
  }
}

function memberShape(member: Member): string {
  // A builder sequenceOf() made and nobody else holds is as its repository made it: no need to look.
  const builder =
    member.pristine === member.builder
      ? queryRunnerOf(member.builder)
        ? noShape()
        : 'pristine'
      : builderShape(member.builder);
  return `#${member.index}|${objectId(member.dataSource)}|${objectId(member.metadata)}|${member.alias}|${builder}\n`;
}

/** Every field of the builder's expression map, parameters by name and kind of value. */
export function builderShape(qb: SelectQueryBuilder<any>): string {
  if (queryRunnerOf(qb)) noShape();
  const map = expressionMapFieldsOf(qb);
  let out = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    switch (key) {
      case 'dataSource':
      case 'connection':
        continue;
      case 'parameters':
        out += `parameters=${parametersShape(value as ObjectLiteral)};`;
        continue;
      case 'nativeParameters':
        if (value && Object.keys(value).length > 0) noShape();
        continue;
      case 'mainAlias':
        out += `mainAlias=${value ? aliasShape(value) : ''};`;
        continue;
      case 'aliases':
        out += `aliases=${(value as unknown[]).map(aliasShape).join(',')};`;
        continue;
      case 'joinAttributes':
        out += `joins=${(value as unknown[]).map(joinShape).join(',')};`;
        continue;
    }
    if (value === null || value === undefined || typeof value !== 'object') {
      if (typeof value === 'function') noShape();
      out += `${key}=${String(value)};`;
    } else if (Array.isArray(value) && value.length === 0) {
      out += `${key}=[];`;
    } else {
      out += `${key}=${JSON.stringify(value, plainData)};`;
    }
  }
  return out;
}

/** JSON.stringify replacer that lets plain data through and refuses anything else. */
function plainData(_key: string, value: unknown): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') noShape();
  if (typeof value === 'bigint') return `${value}n`;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) noShape();
  }
  return value;
}

function aliasShape(alias: any): string {
  const target = alias.hasMetadata ? objectId(alias.metadata) : '-';
  return `${alias.type}:${alias.name}:${target}:${alias.tablePath ?? ''}:${alias.subQuery ?? ''}`;
}

function joinShape(join: any): string {
  const entity = join.entityOrProperty;
  const what = typeof entity === 'string' ? entity : entity ? `@${objectId(entity)}` : '';
  return (
    `${join.direction}:${aliasShape(join.alias)}:${what}:${join.condition ?? ''}:` +
    `${join.mapToProperty ?? ''}:${join.isMappingMany ?? ''}:${join.mapAsEntity ?? ''}`
  );
}

/** Parameter names in order, each with the kind of its value. */
function parametersShape(parameters: ObjectLiteral | undefined): string {
  let out = '';
  for (const name of Object.keys(parameters ?? {})) out += `${name}:${valueKind(parameters![name])},`;
  return out;
}

/**
 * The kind of a parameter value, which is all the SQL text can depend on: TypeORM writes a number into
 * SQLite's SQL, turns booleans and dates into other values there, and spreads an array into one
 * placeholder per element.
 */
function valueKind(value: unknown): string {
  if (value === null) return 'z';
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'string':
      return 's';
    case 'number':
      return 'n';
    case 'bigint':
      return 'i';
    case 'boolean':
      return 'b';
    case 'function':
    case 'symbol':
      return noShape();
  }
  if (Array.isArray(value)) return `a[${value.map(valueKind).join(',')}]`;
  if (value instanceof Date) return 'd';
  if (Buffer.isBuffer(value)) return 'B';
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    // a JSON column's value: bound as one parameter; its contents do not change the SQL
    JSON.stringify(value, plainData);
    return 'o';
  }
  return noShape();
}

function termShape(term: FilterTerm): string {
  return `${term.connective}${term.negated ? '!' : ''}(${conditionShape(term.condition)})${parametersShape(term.parameters)}\n`;
}

function conditionShape(condition: Condition<any>): string {
  if (typeof condition === 'string') return `s${JSON.stringify(condition)}`;
  if (typeof condition === 'function' || InstanceChecker.isBrackets(condition)) return noShape();
  if (Array.isArray(condition)) return `[${condition.map((c) => objectShape(c, true)).join(',')}]`;
  return objectShape(condition, true);
}

/** A FindOptionsWhere-style object: its keys, and the shape of each value (`'#'` values kept). */
function objectShape(object: unknown, top: boolean): string {
  if (!isPlainData(object)) return noShape();
  let out = '{';
  for (const key of Object.keys(object)) {
    const value = object[key];
    out +=
      top && key === SEQUENCE_INDEX
        ? `#=${JSON.stringify(value)},`
        : `${JSON.stringify(key)}:${whereValueShape(value)},`;
  }
  return `${out}}`;
}

function whereValueShape(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    if (InstanceChecker.isFindOperator(value)) {
      const operator = value as any;
      if (operator.getSql) noShape();
      return (
        `op(${operator.type},${operator.useParameter},${operator.multipleParameters},` +
        `${parametersShape(operator.objectLiteralParameters)},${whereValueShape(operator.value)})`
      );
    }
    if (Array.isArray(value)) return `[${value.map(whereValueShape).join(',')}]`;
    if (value instanceof Date || Buffer.isBuffer(value)) return valueKind(value);
    return objectShape(value, false);
  }
  return valueKind(value);
}

function isPlainData(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
