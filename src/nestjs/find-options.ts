import type {
  FindOptionsOrderProperty,
  FindOptionsOrderValue,
  FindOptionsRelationsProperty,
  FindOptionsSelectProperty,
  ObjectLiteral,
} from 'typeorm';
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
} & { '#'?: FindOptionsOrderValue };

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
  order?: SequenceFindOrder<T>;
  relations?: SequenceFindRelations<T>;
  select?: SequenceFindSelect<T>;
  /** Include soft-deleted rows (`withDeleted()`). */
  withDeleted?: boolean;
}

/** TypeORM's `FindManyOptions` for a sequence. */
export interface SequenceFindManyOptions<T> extends SequenceFindOneOptions<T> {
  skip?: number;
  take?: number;
}

const KNOWN = new Set(['where', 'order', 'skip', 'take', 'relations', 'select', 'withDeleted']);

/** FindManyOptions of TypeORM that a sequence has no equivalent for: refused rather than ignored. */
const UNSUPPORTED = new Set([
  'lock',
  'cache',
  'loadEagerRelations',
  'loadRelationIds',
  'relationLoadStrategy',
  'transaction',
  'comment',
  'join',
]);

/**
 * The sequence narrowed by TypeORM-style find options: `where` → where(), `order` → orderBy()/addOrderBy(),
 * `relations` → leftJoinAndSelect() (each prefix of a path too, as TypeORM loads them), `select` → select(),
 * `skip`/`take`, `withDeleted` → withDeleted(). Throws before any SQL on anything it cannot honour.
 */
export function applyFindOptions<T extends ObjectLiteral>(
  seq: SequenceQueryBuilder<T>,
  options: SequenceFindManyOptions<T> | undefined,
  method: string,
): SequenceQueryBuilder<T> {
  if (options === undefined || options === null) return seq;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(
      `${method}(options): options must be an object such as { where, order, skip, take }.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue;
    throw new TypeError(
      UNSUPPORTED.has(key)
        ? `${method}(options): '${key}' is not supported on a sequence; use createQueryBuilder() on a single ` +
            `entity's repository for it.`
        : `${method}(options): unknown option '${key}' (known: ${[...KNOWN].join(', ')}).`,
    );
  }
  const { where, order, skip, take, relations, select, withDeleted } = options;
  if (withDeleted !== undefined && typeof withDeleted !== 'boolean') {
    throw new TypeError(
      `${method}(options): withDeleted must be true or false, got ${JSON.stringify(withDeleted)}.`,
    );
  }
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
    throw new TypeError(`${method}(options): order must be an object such as { title: 'ASC' }.`);
  }
  return Object.entries(order).flatMap(([key, value]) => {
    const path = prefix + key;
    if (value === undefined) return [];
    if (isObject(value) && !isOrderValueObject(value)) return orderKeys(value, method, `${path}.`);
    return [{ path, ...orderValue(value, path, method) }];
  });
}

function orderValue(value: unknown, path: string, method: string): Omit<OrderTerm, 'path'> {
  const { direction, nulls } = isObject(value) ? value : { direction: value, nulls: undefined };
  const dir = direction === undefined ? 'ASC' : parseDirection(direction);
  if (dir === undefined) {
    throw new TypeError(
      `${method}(options): order.${path} must be 'ASC', 'DESC', 'asc', 'desc', 1, -1 or ` +
        `{ direction, nulls }, got ${JSON.stringify(direction)}.`,
    );
  }
  if (nulls === undefined) return { direction: dir };
  const placement = typeof nulls === 'string' ? nulls.toLowerCase() : undefined;
  if (placement !== 'first' && placement !== 'last') {
    throw new TypeError(
      `${method}(options): order.${path}.nulls must be 'first' or 'last', got ${JSON.stringify(nulls)}.`,
    );
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
    ? relations.map((path) => {
        if (typeof path !== 'string' || !path) {
          throw new TypeError(`${method}(options): relations must be relation paths such as 'author'.`);
        }
        return path;
      })
    : isObject(relations)
      ? truePaths(relations, 'relations', method)
      : invalid(
          `${method}(options): relations must be an array of paths or an object such as { author: true }.`,
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
    if (select.length === 0) throw new TypeError(`${method}(options): select cannot be empty.`);
    return select;
  }
  if (!isObject(select)) {
    throw new TypeError(
      `${method}(options): select must be an array of paths or an object such as { title: true }.`,
    );
  }
  const paths = truePaths(select, 'select', method);
  if (paths.length === 0) throw new TypeError(`${method}(options): select names no property.`);
  return paths;
}

/** `{ author: { publisher: true }, tags: true }` → `['author.publisher', 'tags']`; `false` leaves a key out. */
function truePaths(object: Record<string, unknown>, option: string, method: string, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = prefix + key;
    if (value === true) return [path];
    if (value === false || value === undefined) return [];
    if (isObject(value)) return truePaths(value, option, method, `${path}.`);
    return invalid(`${method}(options): ${option}.${path} must be true, false or a nested object.`);
  });
}

function invalid(message: string): never {
  throw new TypeError(message);
}
