import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  sequenceOf,
  type SequenceConnection,
  type PaginateOptions,
  type SequenceCounts,
  type SequenceQueryBuilder,
  type SequenceWhere,
} from '..';
import { checkOptions } from '../metadata/options';
import { PAGINATE_OPTIONS } from '../pagination/paginate';
import {
  applyFindOptions,
  FIND_ONE_OPTIONS,
  UNSUPPORTED_FIND_OPTIONS,
  type SequenceFindManyOptions,
  type SequenceFindOneOptions,
} from './find-options';

/**
 * `paginate()`'s arguments: find options (no skip/take) plus the page: `first`/`after` or `last`/`before`.
 *
 * @typeParam T - the union of the sequence's entity types.
 */
export interface SequencePaginateOptions<T> extends SequenceFindOneOptions<T>, PaginateOptions {}

const PAGINATE_KEYS = [...FIND_ONE_OPTIONS, ...PAGINATE_OPTIONS];

/** skip/take have no meaning on a keyset page; TypeORM's options a sequence cannot honour neither. */
const PAGINATE_REFUSED: ReadonlyMap<string, string> = new Map([
  ...UNSUPPORTED_FIND_OPTIONS,
  ...['skip', 'take'].map((key): [string, string] => [
    key,
    'skip/take do not apply to a keyset page; use first/after or last/before.',
  ]),
]);

/**
 * The Repository of a sequence, as injected by `@InjectSequence()`: TypeORM's find methods over several
 * entities at once. Each call starts from a fresh `sequenceOf()`, so nothing carries over between calls.
 * Its options take what TypeORM's `FindManyOptions` take, over the fields every entity has, and throw what
 * SequenceQueryBuilder's methods throw.
 *
 * @typeParam T - the union of the sequence's entity types.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class FeedService {
 *   constructor(@InjectSequence('publications') private readonly pubs: SequenceRepository<Book | Article | BlogPost>) {}
 *
 *   latest(): Promise<(Book | Article | BlogPost)[]> {
 *     return this.pubs.find({ order: { release: 'DESC' }, take: 10 });
 *   }
 * }
 * ```
 */
export class SequenceRepository<T extends ObjectLiteral = any> {
  constructor(
    /** The DataSource (or a transaction's EntityManager) the sequence queries. */
    readonly manager: DataSource | EntityManager,
    /** The name it was registered under. */
    readonly name: string,
    /** A named sequence (`@Sequenced({ sequence })`) or the list of entities, in `#` order. */
    readonly target: string | readonly EntityTarget<any>[],
    /** The alias every builder gets (default `'item'`). */
    readonly alias = 'item',
  ) {}

  /**
   * The same sequence over another EntityManager, e.g. a transaction's.
   *
   * @param manager - a DataSource or EntityManager.
   * @returns A repository querying through `manager`.
   *
   * @example
   * ```ts
   * await ds.transaction((manager) => this.pubs.withManager(manager).count());
   * ```
   */
  withManager(manager: DataSource | EntityManager): SequenceRepository<T> {
    return new SequenceRepository<T>(manager, this.name, this.target, this.alias);
  }

  /**
   * A new SequenceQueryBuilder with one builder per entity, all aliased `alias`: for what the find methods
   * cannot say.
   *
   * @param alias - the alias of every builder (default the one registered, `'item'`).
   * @returns A fresh sequence.
   * @throws `InvalidArgumentError` if the alias is not a plain identifier.
   *
   * @example
   * ```ts
   * const long = await this.pubs.createQueryBuilder().where('item.pages > :n', { n: 100 }).getMany();
   * ```
   */
  createQueryBuilder(alias: string = this.alias): SequenceQueryBuilder<T> {
    return sequenceOf(this.manager, this.target as any, { alias }) as SequenceQueryBuilder<T>;
  }

  /**
   * The rows matching `options`, in their order, as TypeORM's `Repository.find()`.
   *
   * @param options - `{ where, order, skip, take, relations, select, withDeleted }` over the fields every entity has.
   * @returns The entities.
   * @throws RangeError if `skip`/`take` is not a non-negative safe integer.
   * @throws `InvalidArgumentError` for an unknown or unsupported option (`lock`, `cache`…) or a bad value.
   * @throws `UnknownFieldError` if a field is not on every entity.
   *
   * @example
   * ```ts
   * const latest = await this.pubs.find({ where: { author: { name: 'Ada Lovelace' } }, order: { release: 'DESC' }, take: 10 });
   * ```
   */
  async find(options?: SequenceFindManyOptions<T>): Promise<T[]> {
    return this.query(options, 'find').getMany();
  }

  /**
   * The rows matching `where`, as TypeORM's `findBy()`: `find({ where })`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields (`'#'` allowed), or an array (OR).
   * @returns The entities.
   * @throws `UnknownFieldError` if a field is not on every entity.
   *
   * @example
   * ```ts
   * const long = await this.pubs.findBy({ pages: MoreThan(100) });
   * ```
   */
  async findBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T[]> {
    return this.find({ where });
  }

  /**
   * The page and the count of every matching row (ignoring skip/take), as TypeORM's `findAndCount()`.
   *
   * @param options - as for {@link SequenceRepository.find | find()}.
   * @returns `[entities, count]`.
   * @throws RangeError if `skip`/`take` is not a non-negative safe integer.
   * @throws `InvalidArgumentError` for an unknown or unsupported option or a bad value.
   *
   * @example
   * ```ts
   * const [items, total] = await this.pubs.findAndCount({ order: { title: 'ASC' }, skip: 20, take: 10 });
   * ```
   */
  async findAndCount(options?: SequenceFindManyOptions<T>): Promise<[T[], number]> {
    return this.query(options, 'findAndCount').getManyAndCount();
  }

  /**
   * `findAndCount({ where })`, as TypeORM's `findAndCountBy()`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns `[entities, count]`.
   *
   * @example
   * ```ts
   * const [items, total] = await this.pubs.findAndCountBy({ '#': 0 });
   * ```
   */
  async findAndCountBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<[T[], number]> {
    return this.findAndCount({ where });
  }

  /**
   * The first row in the order given (else the sequence's default order), or null, as TypeORM's `findOne()`.
   *
   * @param options - `{ where, order, relations, select, withDeleted }`.
   * @returns The entity, or null.
   * @throws `InvalidArgumentError` for an unknown or unsupported option or a bad value.
   *
   * @example
   * ```ts
   * const newest = await this.pubs.findOne({ order: { release: 'DESC' } });
   * ```
   */
  async findOne(options: SequenceFindOneOptions<T>): Promise<T | null> {
    return this.query(options, 'findOne').getOne();
  }

  /**
   * `findOne({ where })`, as TypeORM's `findOneBy()`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns The entity, or null.
   *
   * @example
   * ```ts
   * const bug = await this.pubs.findOneBy({ title: 'The Bug' });
   * ```
   */
  async findOneBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T | null> {
    return this.findOne({ where });
  }

  /**
   * Like {@link SequenceRepository.findOne | findOne()}, but nothing found is TypeORM's `EntityNotFoundError`.
   *
   * @param options - `{ where, order, relations, select, withDeleted }`.
   * @returns The entity.
   * @throws EntityNotFoundError (TypeORM's) if nothing matches.
   *
   * @example
   * ```ts
   * const bug = await this.pubs.findOneOrFail({ where: { title: 'The Bug' } });
   * ```
   */
  async findOneOrFail(options: SequenceFindOneOptions<T>): Promise<T> {
    return this.query(options, 'findOneOrFail').getOneOrFail();
  }

  /**
   * `findOneOrFail({ where })`, as TypeORM's `findOneByOrFail()`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns The entity.
   * @throws EntityNotFoundError (TypeORM's) if nothing matches.
   *
   * @example
   * ```ts
   * const first = await this.pubs.findOneByOrFail({ '#': 0 });
   * ```
   */
  async findOneByOrFail(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T> {
    return this.findOneOrFail({ where });
  }

  /**
   * Matching rows across all entities, ignoring skip/take as TypeORM's `count()` does.
   *
   * @param options - as for {@link SequenceRepository.find | find()}.
   * @returns The number of rows.
   *
   * @example
   * ```ts
   * const total = await this.pubs.count({ where: { release: Not(IsNull()) } });
   * ```
   */
  async count(options?: SequenceFindManyOptions<T>): Promise<number> {
    return this.query(options, 'count').getCount();
  }

  /**
   * `count({ where })`, as TypeORM's `countBy()`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns The number of rows.
   *
   * @example
   * ```ts
   * const long = await this.pubs.countBy({ pages: MoreThan(100) });
   * ```
   */
  async countBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<number> {
    return this.count({ where });
  }

  /**
   * count() split per entity class name and per builder `#` (`SequenceQueryBuilder.getCounts()`), ignoring
   * skip/take.
   *
   * @param options - as for {@link SequenceRepository.find | find()}.
   * @returns `{ total, byEntity, byIndex }`.
   *
   * @example
   * ```ts
   * const { byEntity } = await this.pubs.counts(); // { Book: 5, Article: 6, BlogPost: 5 }
   * ```
   */
  async counts(options?: SequenceFindManyOptions<T>): Promise<SequenceCounts> {
    return this.query(options, 'counts').getCounts();
  }

  /**
   * `counts({ where })`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns `{ total, byEntity, byIndex }`.
   *
   * @example
   * ```ts
   * const { byIndex } = await this.pubs.countsBy({ pages: MoreThan(100) });
   * ```
   */
  async countsBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<SequenceCounts> {
    return this.counts({ where });
  }

  /**
   * Whether any row matches, as TypeORM's `exists()`.
   *
   * @param options - as for {@link SequenceRepository.find | find()}.
   * @returns `true` if a row matches.
   *
   * @example
   * ```ts
   * const any = await this.pubs.exists({ where: { title: 'The Bug' } });
   * ```
   */
  async exists(options?: SequenceFindManyOptions<T>): Promise<boolean> {
    return this.query(options, 'exists').getExists();
  }

  /**
   * `exists({ where })`, as TypeORM's `existsBy()`.
   *
   * @param where - an object in `FindOptionsWhere` form over the common fields, or an array (OR).
   * @returns `true` if a row matches.
   *
   * @example
   * ```ts
   * const any = await this.pubs.existsBy({ '#': 2 });
   * ```
   */
  async existsBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<boolean> {
    return this.exists({ where });
  }

  /**
   * Keyset pagination over the total order (`SequenceQueryBuilder.paginate()`): `{ first, after }` forward,
   * `{ last, before }` backward, with find options (no skip/take) narrowing and ordering the sequence.
   *
   * @param options - find options plus `first`/`after` or `last`/`before`, `secret`, `withCount`.
   * @returns The page, in Relay's connection shape.
   * @throws `InvalidCursorError` for a bad cursor, before any SQL.
   * @throws RangeError if `first`/`last` is not a non-negative safe integer.
   * @throws `InvalidArgumentError` for skip/take, an unknown option, or no direction.
   *
   * @example
   * ```ts
   * const page = await this.pubs.paginate({ order: { release: 'DESC' }, first: 20, after });
   * ```
   */
  async paginate(options?: SequencePaginateOptions<T> | null): Promise<SequenceConnection<T>> {
    const checked = checkOptions(options, 'paginate', PAGINATE_KEYS, PAGINATE_REFUSED);
    const { first, after, last, before, secret, withCount, ...find } = checked;
    return this.query(find, 'paginate').paginate({ first, after, last, before, secret, withCount });
  }

  private query(options: SequenceFindManyOptions<T> | undefined, method: string): SequenceQueryBuilder<T> {
    return applyFindOptions(this.createQueryBuilder(), options, method);
  }
}
