import type {
  FindOptionsOrderProperty,
  FindOptionsOrderValue,
  FindOptionsRelationsProperty,
  FindOptionsSelectProperty,
  ObjectLiteral,
} from 'typeorm';
import { checkBooleanOption, checkOptions } from '../metadata/options';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { InvalidArgumentError } from '../errors';
import { checkPath, shown } from '../metadata/names';
import type {
  CommonField,
  FieldPath,
  NullsPlacement,
  SequencePath,
  SequenceQueryBuilder,
  SequenceWhere,
} from '..';

type Field<T, K> = NonNullable<T[K & keyof T]>;

/** TypeORM's `FindOptionsOrder` over the fields common to every entity, plus `'#'`. */
export type SequenceFindOrder<T> = {
  [K in CommonField<T>]?: FindOptionsOrderProperty<Field<T, K>>;
} & {
  /** Order by the builder's `#`. */
  '#'?: FindOptionsOrderValue;
};

/** TypeORM's `FindOptionsRelations` (or a list of relation paths) over relations every entity has. */
export type SequenceFindRelations<T> =
  string[] | { [K in CommonField<T>]?: FindOptionsRelationsProperty<Field<T, K>> };

/** TypeORM's `FindOptionsSelect` (or a list of property paths) over the fields common to every entity. */
export type SequenceFindSelect<T> =
  FieldPath<T>[] | { [K in CommonField<T>]?: FindOptionsSelectProperty<Field<T, K>> };

/** TypeORM's `FindOneOptions` for a sequence. */
export interface SequenceFindOneOptions<T> {
  /** An object in `FindOptionsWhere` form over the common fields (`'#'` allowed); an array means OR. */
  where?: SequenceWhere<T> | SequenceWhere<T>[];
  /** The order, key by key (`{ release: 'DESC', title: 'ASC' }`); `'#'` allowed. */
  order?: SequenceFindOrder<T>;
  /** Relations to load (left joins), as paths or TypeORM's object form. */
  relations?: SequenceFindRelations<T>;
  /** Only these properties (plus the primary key), as paths or TypeORM's object form. */
  select?: SequenceFindSelect<T>;
  /** Include soft-deleted rows (`withDeleted()`). */
  withDeleted?: boolean;
}

/** TypeORM's `FindManyOptions` for a sequence. */
export interface SequenceFindManyOptions<T> extends SequenceFindOneOptions<T> {
  /** Rows to skip: a non-negative integer, else `RangeError`. */
  skip?: number;
  /** At most this many rows: a non-negative integer, else `RangeError`. */
  take?: number;
}

/** The keys of SequenceFindOneOptions, then those only SequenceFindManyOptions has. */
export const FIND_ONE_OPTIONS = ['where', 'order', 'relations', 'select', 'withDeleted'] as const;
const FIND_MANY_OPTIONS = [...FIND_ONE_OPTIONS, 'skip', 'take'] as const;

/** FindManyOptions of TypeORM that a sequence has no equivalent for: refused rather than ignored. */
export const UNSUPPORTED_FIND_OPTIONS: ReadonlyMap<string, string> = new Map(
  [
    'lock',
    'cache',
    'loadEagerRelations',
    'loadRelationIds',
    'relationLoadStrategy',
    'transaction',
    'comment',
    'join',
  ].map((key) => [key, "use createQueryBuilder() on a single entity's repository for it."]),
);

/**
 * The sequence narrowed by TypeORM-style find options: `where` → where(), `order` → orderBy()/addOrderBy(),
 * `relations` → leftJoinAndSelect() (each prefix of a path too, as TypeORM loads them), `select` → select(),
 * `skip`/`take`, `withDeleted` → withDeleted(). Throws before any SQL on anything it cannot honour.
 */
export function applyFindOptions<T extends ObjectLiteral>(
  seq: SequenceQueryBuilder<T>,
  given: SequenceFindManyOptions<T> | null | undefined,
  method: string,
): SequenceQueryBuilder<T> {
  const options = checkOptions(given, method, FIND_MANY_OPTIONS, UNSUPPORTED_FIND_OPTIONS);
  const { where, order, skip, take, relations, select } = options;
  const withDeleted = checkBooleanOption(options.withDeleted, method, 'withDeleted');
  let result = withDeleted ? seq.withDeleted() : seq;
  for (const path of relationPaths(relations, method)) result = result.leftJoinAndSelect(path);
  if (where !== undefined) result = result.where(where);
  orderKeys(order, method).forEach(({ path, direction, nulls }, i) => {
    result =
      i === 0
        ? result.orderBy(path as SequencePath<T>, direction, nulls)
        : result.addOrderBy(path as SequencePath<T>, direction, nulls);
  });
  const paths = selectPaths(select, method);
  if (paths.length > 0) result = result.select(paths as FieldPath<T>[]);
  if (skip !== undefined) result = result.skip(skip);
  if (take !== undefined) result = result.take(take);
  return result;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ direction?, nulls? }` (`{}` too: ASC, as TypeORM) is an order value; any other object orders by a relation's fields. */
const isOrderValueObject = (value: Record<string, unknown>): boolean =>
  Object.keys(value).every((key) => key === 'direction' || key === 'nulls');

interface OrderTerm {
  path: string;
  direction: 'ASC' | 'DESC';
  nulls?: NullsPlacement;
}

function orderKeys(order: unknown, method: string, prefix = ''): OrderTerm[] {
  if (order === undefined || order === null) return [];
  if (!isObject(order)) {
    return invalid(method, 'order', `must be an object such as { title: 'ASC' }, got ${shown(order)}.`);
  }
  return Object.entries(order).flatMap(([key, value]) => {
    const path = prefix + key;
    if (path !== SEQUENCE_INDEX) checkPath(path, `${method}(options).order`);
    if (value === undefined) return [];
    if (isObject(value) && !isOrderValueObject(value)) return orderKeys(value, method, `${path}.`);
    return [{ path, ...orderValue(value, path, method) }];
  });
}

function orderValue(value: unknown, path: string, method: string): Omit<OrderTerm, 'path'> {
  const { direction, nulls } = isObject(value) ? value : { direction: value, nulls: undefined };
  const dir = direction === undefined ? 'ASC' : parseDirection(direction);
  if (dir === undefined) {
    return invalid(
      method,
      `order.${path}`,
      `must be 'ASC', 'DESC', 'asc', 'desc', 1, -1 or { direction, nulls }, got ${shown(direction)}.`,
    );
  }
  if (nulls === undefined) return { direction: dir };
  const placement = typeof nulls === 'string' ? nulls.toLowerCase() : undefined;
  if (placement !== 'first' && placement !== 'last') {
    return invalid(method, `order.${path}.nulls`, `must be 'first' or 'last', got ${shown(nulls)}.`);
  }
  return { direction: dir, nulls: placement === 'first' ? 'NULLS FIRST' : 'NULLS LAST' };
}

function parseDirection(value: unknown): 'ASC' | 'DESC' | undefined {
  if (value === 1 || value === 'ASC' || value === 'asc') return 'ASC';
  if (value === -1 || value === 'DESC' || value === 'desc') return 'DESC';
  return undefined;
}

/** Relation paths to join, parents before children: `'author.publisher'` joins `'author'` too. */
function relationPaths(relations: unknown, method: string): string[] {
  if (relations === undefined || relations === null) return [];
  const given = Array.isArray(relations)
    ? relations.map((path) => checkPath(path, `${method}(options).relations`))
    : isObject(relations)
      ? truePaths(relations, 'relations', method)
      : invalid(
          method,
          'relations',
          `must be an array of paths or an object such as { author: true }, got ${shown(relations)}.`,
        );
  const paths = new Set<string>();
  for (const path of given) {
    const parts = path.split('.');
    parts.forEach((_, i) => paths.add(parts.slice(0, i + 1).join('.')));
  }
  return [...paths];
}

function selectPaths(select: unknown, method: string): string[] {
  if (select === undefined || select === null) return [];
  if (Array.isArray(select)) {
    if (select.length === 0) return invalid(method, 'select', 'cannot be empty.');
    return select;
  }
  if (!isObject(select)) {
    return invalid(
      method,
      'select',
      `must be an array of paths or an object such as { title: true }, got ${shown(select)}.`,
    );
  }
  const paths = truePaths(select, 'select', method);
  if (paths.length === 0) return invalid(method, 'select', 'names no property.');
  return paths;
}

/** `{ author: { publisher: true }, tags: true }` → `['author.publisher', 'tags']`; `false` leaves a key out. */
function truePaths(object: Record<string, unknown>, option: string, method: string, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = checkPath(prefix + key, `${method}(options).${option}`);
    if (value === true) return [path];
    if (value === false || value === undefined) return [];
    if (isObject(value)) return truePaths(value, option, method, `${path}.`);
    return invalid(method, `${option}.${path}`, 'must be true, false or a nested object.');
  });
}

function invalid(method: string, option: string, message: string): never {
  throw new InvalidArgumentError(`${method}(options).${option}`, message);
}
