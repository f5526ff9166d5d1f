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

/** `paginate()`'s arguments: find options (no skip/take) plus the page: `first`/`after` or `last`/`before`. */
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

  /** The same sequence over another EntityManager, e.g. a transaction's: `repo.withManager(manager)`. */
  withManager(manager: DataSource | EntityManager): SequenceRepository<T> {
    return new SequenceRepository<T>(manager, this.name, this.target, this.alias);
  }

  /** A new SequenceQueryBuilder with one builder per entity, all aliased `alias`. */
  createQueryBuilder(alias: string = this.alias): SequenceQueryBuilder<T> {
    return sequenceOf(this.manager, this.target as any, { alias }) as SequenceQueryBuilder<T>;
  }

  async find(options?: SequenceFindManyOptions<T>): Promise<T[]> {
    return this.query(options, 'find').getMany();
  }

  async findBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T[]> {
    return this.find({ where });
  }

  async findAndCount(options?: SequenceFindManyOptions<T>): Promise<[T[], number]> {
    return this.query(options, 'findAndCount').getManyAndCount();
  }

  async findAndCountBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<[T[], number]> {
    return this.findAndCount({ where });
  }

  /** The first row in the order given (else the sequence's default order), or null. */
  async findOne(options: SequenceFindOneOptions<T>): Promise<T | null> {
    return this.query(options, 'findOne').getOne();
  }

  async findOneBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T | null> {
    return this.findOne({ where });
  }

  /** Like findOne(), TypeORM's EntityNotFoundError when nothing matches. */
  async findOneOrFail(options: SequenceFindOneOptions<T>): Promise<T> {
    return this.query(options, 'findOneOrFail').getOneOrFail();
  }

  async findOneByOrFail(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<T> {
    return this.findOneOrFail({ where });
  }

  /** Matching rows across all entities, ignoring skip/take as TypeORM's count() does. */
  async count(options?: SequenceFindManyOptions<T>): Promise<number> {
    return this.query(options, 'count').getCount();
  }

  async countBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<number> {
    return this.count({ where });
  }

  /**
   * count() split per entity class name and per builder `#` (`SequenceQueryBuilder.getCounts()`):
   * `{ total, byEntity, byIndex }`, ignoring skip/take.
   */
  async counts(options?: SequenceFindManyOptions<T>): Promise<SequenceCounts> {
    return this.query(options, 'counts').getCounts();
  }

  async countsBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<SequenceCounts> {
    return this.counts({ where });
  }

  async exists(options?: SequenceFindManyOptions<T>): Promise<boolean> {
    return this.query(options, 'exists').getExists();
  }

  async existsBy(where: SequenceWhere<T> | SequenceWhere<T>[]): Promise<boolean> {
    return this.exists({ where });
  }

  /**
   * Keyset pagination over the total order (`SequenceQueryBuilder.paginate()`): `{ first, after }` forward,
   * `{ last, before }` backward; a bad cursor is an InvalidCursorError before any SQL.
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
