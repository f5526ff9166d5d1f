import { Brackets, type DataSource, type QueryRunner, type SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';
import { Broadcaster } from 'typeorm/subscriber/Broadcaster';
import { UnsupportedTypeormError } from '../errors/unsupported-typeorm-error';
import { zerofillOf } from './columns';
import { dataSourceOf, dataSourceOfSource, queryRunnerOf } from './data-source';
import { aliasNamesOf, mainMetadataOf, selectionsOf, unorderedClone } from './expression-map';
import { transformerSignature } from './hydration';
import { typeormVersion } from './version';
import { whereSqlOf } from './where';

/*
 * The contract between this package and TypeORM: every non-public member src/typeorm/ relies on, with
 * the shape it expects. The contract spec checks each on every database and both TypeORM majors; at run
 * time the first builder of each DataSource is checked once, so an unsupported TypeORM fails with a
 * clear error instead of a wrong result.
 */

/** One member of TypeORM this package relies on, and how to tell that the installed TypeORM has it. */
export interface ContractMember {
  /** The member as TypeORM's source names it (`Class.member`). */
  readonly member: string;
  /**
   * What is wrong with the member on the installed TypeORM, or undefined when it is as expected. `builder`
   * is a builder of an entity; the check works on clones of it and runs no SQL.
   */
  readonly problem: (builder: SelectQueryBuilder<any>) => string | undefined;
}

/** A failed member of the contract. */
export interface ContractProblem {
  readonly member: string;
  readonly problem: string;
}

/** 'undefined', 'null', 'an array', 'an object', 'a function', 'a string'…: what `value` is, for messages. */
function kindOf(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** 'is a string, expected an array', or undefined when `value` is of `kind`. */
function expectKind(
  value: unknown,
  kind: 'an array' | 'a function' | 'an object' | 'a boolean' | 'a string',
): string | undefined {
  const actual = kindOf(value);
  return actual === kind ? undefined : `is ${actual}, expected ${kind}`;
}

const mapOf = (qb: SelectQueryBuilder<any>): any => qb.expressionMap;

/** A clone of `builder` with a left join of its own entity, and that join (a TypeORM JoinAttribute). */
function withProbeJoin(builder: SelectQueryBuilder<any>): { qb: SelectQueryBuilder<any>; join: any } {
  const qb = builder.clone();
  const taken = new Set(aliasNamesOf(qb));
  let alias = 'seq_contract';
  for (let n = 1; taken.has(alias); n++) alias = `seq_contract_${n}`;
  qb.leftJoin(mainMetadataOf(qb)!.target, alias, '1=1');
  const joins = mapOf(qb).joinAttributes;
  return { qb, join: joins[joins.length - 1] };
}

/** `set` on a clone must leave `value` at `key` of its expression map. */
function writes(
  builder: SelectQueryBuilder<any>,
  method: string,
  set: (qb: SelectQueryBuilder<any>) => unknown,
  key: string,
  value: unknown,
): string | undefined {
  const qb = builder.clone();
  set(qb);
  const got = mapOf(qb)[key];
  return got === value ? undefined : `is ${String(got)} after ${method}, expected ${String(value)}`;
}

/** Every member of TypeORM that src/typeorm/ relies on. */
export const TYPEORM_CONTRACT: readonly ContractMember[] = Object.freeze([
  {
    member: 'SelectQueryBuilder.expressionMap',
    problem: (builder) => expectKind((builder as any).expressionMap, 'an object'),
  },
  {
    member: 'QueryBuilder.dataSource (1.x) / QueryBuilder.connection (0.3.x)',
    problem: (builder) => expectKind(dataSourceOf(builder)?.driver, 'an object'),
  },
  {
    member: 'EntityManager.dataSource (1.x) / EntityManager.connection (0.3.x)',
    problem: (builder) => {
      const dataSource = dataSourceOf(builder);
      return dataSourceOfSource(dataSource.manager) === dataSource
        ? undefined
        : 'is not the DataSource of the manager';
    },
  },
  {
    member: 'QueryBuilder.queryRunner',
    problem: (builder) => {
      // Only stored, never run: any object stands for the QueryRunner here.
      const runner = {} as QueryRunner;
      const qb = dataSourceOf(builder).createQueryBuilder(runner);
      return queryRunnerOf(qb) === runner
        ? undefined
        : 'does not hold the QueryRunner the builder was created with';
    },
  },
  {
    member: 'QueryBuilder.getWhereCondition',
    problem: (builder) => expectKind((builder as any).getWhereCondition, 'a function'),
  },
  {
    member: 'QueryBuilder.createWhereConditionExpression',
    problem: (builder) => {
      const wrong = expectKind((builder as any).createWhereConditionExpression, 'a function');
      if (wrong) return wrong;
      const sql = whereSqlOf(builder.clone(), new Brackets((qb) => qb.where('1 = :seq_contract')));
      return typeof sql === 'string' && sql.includes('1 = :seq_contract')
        ? undefined
        : `returns ${String(sql)} for Brackets(where('1 = :seq_contract'))`;
    },
  },
  {
    member: 'QueryBuilder.parentQueryBuilder',
    problem: (builder) => {
      const qb = builder.clone();
      return (qb.subQuery() as any).parentQueryBuilder === qb ? undefined : 'is not set by subQuery()';
    },
  },
  {
    member: 'QueryExpressionMap.parameters',
    problem: (builder) => {
      const parameters = mapOf(builder.clone().setParameter('seq_contract', 7)).parameters;
      return (
        expectKind(parameters, 'an object') ??
        (parameters.seq_contract === 7 ? undefined : "has no 'seq_contract' after setParameter()")
      );
    },
  },
  {
    member: 'QueryExpressionMap.wheres',
    problem: (builder) => {
      const qb = builder.clone().andWhere('1=1');
      return (
        expectKind(mapOf(qb).wheres, 'an array') ??
        (mapOf(qb).wheres.length > 0 ? undefined : 'is empty after andWhere()')
      );
    },
  },
  {
    member: 'QueryExpressionMap.mainAlias',
    problem: (builder) => {
      const main = mapOf(builder).mainAlias;
      const wrong = expectKind(main, 'an object');
      if (wrong) return wrong;
      if (main.name !== builder.alias) return `has name ${String(main.name)}, expected the builder's alias`;
      return expectKind(main.hasMetadata, 'a boolean') ?? expectKind(main.metadata?.columns, 'an array');
    },
  },
  {
    member: 'QueryExpressionMap.selects',
    problem: (builder) => {
      const qb = builder.clone().addSelect('seq_contract');
      return (
        expectKind(mapOf(qb).selects, 'an array') ??
        (selectionsOf(qb).includes('seq_contract')
          ? undefined
          : "has no selection 'seq_contract' after addSelect()")
      );
    },
  },
  {
    member: 'QueryExpressionMap.orderBys',
    problem: (builder) => {
      const qb = builder.clone().orderBy('seq_contract');
      const orderBys = mapOf(qb).orderBys;
      return (
        expectKind(orderBys, 'an object') ??
        (orderBys.seq_contract === 'ASC' ? undefined : 'has no entry after orderBy()')
      );
    },
  },
  {
    member: 'QueryExpressionMap.allOrderBys',
    problem: (builder) => {
      const all = mapOf(builder.clone().orderBy('seq_contract')).allOrderBys;
      const wrong = expectKind(all, 'an object');
      if (wrong) return wrong;
      if (all.seq_contract !== 'ASC') return 'has no entry after orderBy()';
      const unordered = mapOf(unorderedClone(builder)).allOrderBys;
      return Object.keys(unordered).length === 0
        ? undefined
        : "is not empty with 'disable-global-order' and no orderBy";
    },
  },
  {
    member: 'QueryExpressionMap.aliases',
    problem: (builder) =>
      expectKind(mapOf(builder).aliases, 'an array') ??
      (aliasNamesOf(builder).includes(builder.alias) ? undefined : "does not hold the builder's alias"),
  },
  {
    member: 'QueryExpressionMap.skip / take / limit / offset',
    problem: (builder) =>
      writes(builder, 'skip(1)', (qb) => qb.skip(1), 'skip', 1) ??
      writes(builder, 'take(2)', (qb) => qb.take(2), 'take', 2) ??
      writes(builder, 'limit(3)', (qb) => qb.limit(3), 'limit', 3) ??
      writes(builder, 'offset(4)', (qb) => qb.offset(4), 'offset', 4),
  },
  {
    member: 'QueryExpressionMap.withDeleted',
    problem: (builder) => writes(builder, 'withDeleted()', (qb) => qb.withDeleted(), 'withDeleted', true),
  },
  {
    member: 'QueryExpressionMap.lockMode',
    problem: (builder) =>
      writes(
        builder,
        "setLock('pessimistic_read')",
        (qb) => qb.setLock('pessimistic_read'),
        'lockMode',
        'pessimistic_read',
      ),
  },
  {
    member: 'QueryExpressionMap.callListeners',
    problem: (builder) => expectKind(mapOf(builder).callListeners, 'a boolean'),
  },
  {
    member: 'QueryExpressionMap.relationLoadStrategy',
    problem: (builder) => expectKind(mapOf(builder).relationLoadStrategy, 'a string'),
  },
  {
    member: 'QueryExpressionMap.relationIdAttributes',
    problem: (builder) => expectKind(mapOf(builder).relationIdAttributes, 'an array'),
  },
  {
    member: 'QueryExpressionMap.relationCountAttributes (0.3.x only)',
    problem: (builder) => {
      const value = mapOf(builder).relationCountAttributes;
      return value === undefined ? undefined : expectKind(value, 'an array');
    },
  },
  {
    member: 'QueryExpressionMap.joinAttributes',
    problem: (builder) => {
      const { qb, join } = withProbeJoin(builder);
      return expectKind(mapOf(qb).joinAttributes, 'an array') ?? expectKind(join, 'an object');
    },
  },
  {
    member: 'JoinAttribute.queryExpressionMap',
    problem: (builder) => {
      const { qb, join } = withProbeJoin(builder);
      if (!Object.prototype.hasOwnProperty.call(join, 'queryExpressionMap')) return 'is missing';
      return join.queryExpressionMap === qb.expressionMap ? undefined : "is not the builder's expression map";
    },
  },
  {
    member: 'JoinAttribute.isSelected / isSelectedEvaluated',
    problem: (builder) => {
      const { join } = withProbeJoin(builder);
      return expectKind(join.isSelectedEvaluated, 'a boolean') ?? expectKind(join.isSelected, 'a boolean');
    },
  },
  {
    member: 'JoinAttribute.direction',
    problem: (builder) => {
      const { join } = withProbeJoin(builder);
      return join.direction === 'LEFT'
        ? undefined
        : `is ${String(join.direction)} after leftJoin(), expected LEFT`;
    },
  },
  {
    member: 'JoinAttribute.alias / metadata / relation / parentAlias / relationPropertyPath',
    problem: (builder) => {
      const { join } = withProbeJoin(builder);
      if (typeof join.alias?.name !== 'string') return 'alias.name is not a string';
      if (join.metadata !== mainMetadataOf(builder)) return 'metadata is not the joined entity';
      const missing = ['relation', 'parentAlias', 'relationPropertyPath'].filter((key) => !(key in join));
      return missing.length === 0 ? undefined : `${missing.join(', ')} missing`;
    },
  },
  {
    member: 'SelectQueryBuilder.buildEscapedEntityColumnSelects',
    problem: (builder) => {
      const wrong = expectKind((builder as any).buildEscapedEntityColumnSelects, 'a function');
      if (wrong) return wrong;
      const selects = (builder as any).buildEscapedEntityColumnSelects(
        builder.alias,
        mainMetadataOf(builder),
      );
      return Array.isArray(selects) &&
        selects.length > 0 &&
        selects.every((s: any) => typeof s.selection === 'string' && typeof s.aliasName === 'string')
        ? undefined
        : 'does not return the { selection, aliasName } of each column';
    },
  },
  {
    member: 'DriverUtils.buildAlias',
    problem: (builder) =>
      expectKind(DriverUtils.buildAlias, 'a function') ??
      expectKind(
        DriverUtils.buildAlias(dataSourceOf(builder).driver, undefined, builder.alias, 'id'),
        'a string',
      ),
  },
  {
    member: 'RawSqlResultsToEntityTransformer',
    problem: () => {
      try {
        transformerSignature(RawSqlResultsToEntityTransformer);
      } catch {
        return `has a constructor of ${RawSqlResultsToEntityTransformer.length} parameters, not one of 0.3.x's (5) or 1.x's (4)`;
      }
      return expectKind(RawSqlResultsToEntityTransformer.prototype.transform, 'a function');
    },
  },
  {
    member: 'EntityMetadata.afterLoadListeners / relationIds / relationCounts',
    problem: (builder) => {
      const metadata: any = mainMetadataOf(builder);
      return (
        expectKind(metadata.afterLoadListeners, 'an array') ??
        expectKind(metadata.relationIds, 'an array') ??
        (metadata.relationCounts === undefined ? undefined : expectKind(metadata.relationCounts, 'an array'))
      );
    },
  },
  {
    member: 'ColumnMetadata.zerofill (0.3.x only)',
    problem: (builder) => {
      const value = zerofillOf(mainMetadataOf(builder)!.columns[0]);
      return value === undefined ? undefined : expectKind(value, 'a boolean');
    },
  },
  {
    member: 'QueryRunner.broadcaster (Broadcaster.broadcast)',
    problem: () => expectKind(Broadcaster.prototype.broadcast, 'a function'),
  },
]);

/** The members of the contract the installed TypeORM breaks, on a builder of an entity (no SQL runs). */
export function typeormContractProblems(builder: SelectQueryBuilder<any>): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const { member, problem } of TYPEORM_CONTRACT) {
    let found: string | undefined;
    try {
      found = problem(builder);
    } catch (error) {
      found = `could not be checked: ${(error as Error)?.message ?? String(error)}`;
    }
    if (found !== undefined) problems.push({ member, problem: found });
  }
  return problems;
}

/**
 * Checks the installed TypeORM against the contract, on a builder of an entity.
 *
 * @throws {UnsupportedTypeormError} naming the first member that is missing or not as expected, and the
 *   installed TypeORM's version.
 */
export function checkTypeormContract(builder: SelectQueryBuilder<any>): void {
  const problems = typeormContractProblems(builder);
  if (problems.length === 0) return;
  const [first, ...more] = problems;
  const others =
    more.length === 0 ? '' : ` (and ${more.length} more: ${more.map((p) => p.member).join('; ')})`;
  throw new UnsupportedTypeormError(first.member, typeormVersion(), `${first.problem}${others}`);
}

const checked = new WeakSet<DataSource>();

/**
 * {@link checkTypeormContract} once per DataSource (the first builder of an entity it sees), so a TypeORM
 * this package does not know fails before any SQL instead of giving a wrong result.
 *
 * @throws {UnsupportedTypeormError} as checkTypeormContract does.
 */
export function checkTypeormContractOnce(builder: SelectQueryBuilder<any>): void {
  const dataSource = dataSourceOf(builder);
  if (checked.has(dataSource)) return;
  checkTypeormContract(builder);
  checked.add(dataSource);
}
