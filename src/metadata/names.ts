import { InvalidArgumentError } from '../errors';

/** The longest alias or path segment: PostgreSQL's identifier limit (NAMEDATALEN - 1). */
export const MAX_NAME_LENGTH = 63;
/** The most relations and embeddeds one property path may walk through. */
export const MAX_PATH_SEGMENTS = 32;
/** The longest property path: MAX_PATH_SEGMENTS names of MAX_NAME_LENGTH characters and their dots. */
export const MAX_PATH_LENGTH = MAX_PATH_SEGMENTS * (MAX_NAME_LENGTH + 1) - 1;

/** What SQL takes unquoted on every database: an alias is written into statements. */
const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A builder's alias as TypeORM writes it: also its shortened form, a hexadecimal hash (PostgreSQL, MySQL). */
const BUILDER_ALIAS = /^[A-Za-z0-9_]+$/;
/** A JavaScript property name: a path segment is only ever looked up in entity metadata. */
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Keys every object has (`__proto__`, `constructor`, `toString`…): never an entity's field or an alias. */
const RESERVED: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const SHOWN_LENGTH = 40;

/** A value as a message shows it: quoted with control characters escaped, a long one cut. */
export function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value !== 'string') return String(value);
  const cut = value.length > SHOWN_LENGTH;
  const text = JSON.stringify(cut ? value.slice(0, SHOWN_LENGTH) : value).slice(1, -1);
  return cut ? `'${text}…' (${value.length} characters)` : `'${text}'`;
}

function nameProblem(name: string, pattern: RegExp, allowed: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (!pattern.test(name)) return `is not a plain identifier (${allowed})`;
  if (RESERVED.has(name)) return 'is a key every JavaScript object has (such as __proto__ or constructor)';
  return undefined;
}

/**
 * An alias the sequence writes into SQL (the sequence's, a join's): letters, digits and `_`, not starting
 * with a digit, at most 63 characters, not an Object.prototype key. Anything else is an
 * InvalidArgumentError naming `argument`.
 */
export function checkAlias(alias: unknown, argument: string): string {
  return checkName(alias, argument, SQL_NAME, 'letters, digits and _, not starting with a digit');
}

/**
 * The alias of a builder the user made (`createQueryBuilder(alias)`), as TypeORM writes it into SQL: like
 * checkAlias(), but a leading digit is allowed, as in TypeORM's shortened aliases (hashes of a longer one).
 */
export function checkBuilderAlias(alias: unknown, argument: string): string {
  return checkName(alias, argument, BUILDER_ALIAS, 'letters, digits and _');
}

function checkName(alias: unknown, argument: string, pattern: RegExp, allowed: string): string {
  const problem = typeof alias === 'string' ? nameProblem(alias, pattern, allowed) : 'is not a string';
  if (problem) throw new InvalidArgumentError(argument, `the alias ${shown(alias)} ${problem}.`);
  return alias as string;
}

/**
 * A property path (`'title'`, `'author.name'`, `'meta.views'`): at most MAX_PATH_SEGMENTS names of
 * MAX_PATH_LENGTH characters in all, each a plain identifier and not an Object.prototype key. Checked in
 * time linear in its length, before any metadata lookup; anything else is an InvalidArgumentError.
 */
export function checkPath(path: unknown, argument: string): string {
  if (typeof path !== 'string') {
    throw new InvalidArgumentError(
      argument,
      `expected a property path such as 'title' or 'author.name', got ${shown(path)}.`,
    );
  }
  if (path.length > MAX_PATH_LENGTH) {
    throw new InvalidArgumentError(
      argument,
      `the path ${shown(path)} is longer than ${MAX_PATH_LENGTH} characters; no entity has such a field.`,
    );
  }
  const names = path.split('.');
  if (names.length > MAX_PATH_SEGMENTS) {
    throw new InvalidArgumentError(
      argument,
      `the path ${shown(path)} has more than ${MAX_PATH_SEGMENTS} parts; no entity has such a field.`,
    );
  }
  for (const name of names) {
    const problem = nameProblem(name, PROPERTY_NAME, 'letters, digits, _ and $, not starting with a digit');
    if (problem) {
      throw new InvalidArgumentError(
        argument,
        `in the path ${shown(path)}, ${name ? shown(name) : 'a part'} ${problem}. Name a field such as 'title' or 'author.name'.`,
      );
    }
  }
  return path;
}
