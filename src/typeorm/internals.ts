import type { Brackets, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

/*
 * The few TypeORM internals this package relies on, kept in one place. They exist, unchanged, in
 * TypeORM 0.3.x and 1.x; a spec exercises each on every dialect.
 */

/** The SQL text (with `:named` parameters) TypeORM generates for a Brackets inside `builder`. */
export function whereSqlOf(builder: SelectQueryBuilder<any>, brackets: Brackets): string {
  const anyBuilder = builder as any;
  const condition = anyBuilder.getWhereCondition(brackets);
  return anyBuilder.createWhereConditionExpression(condition, true);
}

/** The QueryRunner a builder was created with (a transaction's), if any. */
export function queryRunnerOf(builder: SelectQueryBuilder<any>) {
  return (builder as any).queryRunner as import('typeorm').QueryRunner | undefined;
}

/**
 * The replication mode TypeORM reads in outside a transaction: `replication.defaultMode`, else 'slave'
 * (what SelectQueryBuilder's getMany() asks `createQueryRunner()` for, in 0.3.x and 1.x alike; a
 * DataSource without replication ignores it).
 */
export function readModeOf(dataSource: import('typeorm').DataSource): import('typeorm').ReplicationMode {
  const own = (dataSource as any).defaultReplicationModeForReads;
  if (typeof own === 'function') return own.call(dataSource);
  return (dataSource.driver.options as any).replication?.defaultMode ?? 'slave';
}

/**
 * Runs `work` on the QueryRunner the builder's reads use: its own (a transaction's) if it has one, else a
 * new one in TypeORM's mode for reads, released after.
 */
export async function withReadRunner<R>(
  builder: SelectQueryBuilder<any>,
  work: (runner: import('typeorm').QueryRunner) => Promise<R>,
): Promise<R> {
  const own = queryRunnerOf(builder);
  if (own) return work(own);
  const dataSource = dataSourceOf(builder);
  const runner = dataSource.createQueryRunner(readModeOf(dataSource));
  try {
    return await work(runner);
  } finally {
    await runner.release();
  }
}

/** A QueryRunner held across awaits: the builder's own (a transaction's, `own: false`) or a new one for reads. */
export interface HeldRunner {
  readonly runner: import('typeorm').QueryRunner;
  /** True when the runner was created here (release() gives its connection back to the pool). */
  readonly own: boolean;
  release(): Promise<void>;
}

/** The QueryRunner withReadRunner() would use, held until release() (a stream's cursor keeps it open). */
export function holdReadRunner(builder: SelectQueryBuilder<any>): HeldRunner {
  const existing = queryRunnerOf(builder);
  if (existing) return { runner: existing, own: false, release: async () => undefined };
  const dataSource = dataSourceOf(builder);
  const runner = dataSource.createQueryRunner(readModeOf(dataSource));
  return { runner, own: true, release: () => runner.release() };
}

/** The DataSource of a builder (`dataSource` in TypeORM 1.x, `connection` in 0.3.x). */
export function dataSourceOf(builder: SelectQueryBuilder<any>): import('typeorm').DataSource {
  return (builder as any).dataSource ?? (builder as any).connection;
}

/**
 * A cloned builder's joins still look at the original builder's selects (TypeORM's JoinAttribute copy
 * keeps the old expression map) and cache the answer. After changing a clone's selects, point its joins
 * at its own map and drop that cache, or a newly selected join is not hydrated.
 */
export function rebindJoins(builder: SelectQueryBuilder<any>): void {
  for (const join of builder.expressionMap.joinAttributes) {
    (join as any).queryExpressionMap = builder.expressionMap;
    join.isSelectedEvaluated = false;
  }
}

/**
 * Wraps the conditions a builder already has in brackets, so that an `andWhere` added after them cannot
 * be swallowed by an OR among them (`a OR b AND c` is `a OR (b AND c)` in SQL).
 */
export function bracketOwnConditions(builder: SelectQueryBuilder<any>): void {
  const wheres = builder.expressionMap.wheres;
  if (wheres.length === 0) return;
  builder.expressionMap.wheres = [
    { type: 'and', condition: { operator: 'brackets', condition: wheres } as any },
  ];
}

/** Has the builder been paged (skip/take/limit/offset)? Such a builder cannot be merged or sequenced. */
export function isPaged(builder: SelectQueryBuilder<any>): boolean {
  const map = builder.expressionMap;
  return (
    map.skip !== undefined || map.take !== undefined || map.limit !== undefined || map.offset !== undefined
  );
}

/** A column as getMany() selects it: TypeORM's expression, the name its hydration reads, the column. */
export interface EntityColumnSelect {
  readonly selection: string;
  readonly aliasName: string;
  /** The alias the column is selected from. */
  readonly alias: string;
  readonly column?: ColumnMetadata;
}

/**
 * The entity columns getMany() would select (main alias, then each selected join), exactly as TypeORM
 * writes them. Undefined when a selected join has no entity (TypeORM would select `alias.*`).
 */
export function entityColumnSelects(builder: SelectQueryBuilder<any>): EntityColumnSelect[] | undefined {
  const map = builder.expressionMap;
  const driver = dataSourceOf(builder).driver;
  const anyBuilder = builder as any;
  const aliases = [map.mainAlias!, ...map.joinAttributes.map((join) => join.alias)];
  const selects: EntityColumnSelect[] = [];
  for (const alias of aliases) {
    if (!alias.hasMetadata) {
      if (map.selects.some((s) => s.selection === alias.name)) return undefined;
      continue;
    }
    const byAlias = new Map(
      alias.metadata.columns.map((c) => [
        DriverUtils.buildAlias(driver, undefined, alias.name, c.databaseName),
        c,
      ]),
    );
    for (const s of anyBuilder.buildEscapedEntityColumnSelects(alias.name, alias.metadata)) {
      if (!s.aliasName) return undefined;
      selects.push({
        selection: s.selection,
        aliasName: s.aliasName,
        alias: alias.name,
        column: byAlias.get(s.aliasName),
      });
    }
  }
  return selects;
}

/** Does getMany() load anything besides the selected columns (@RelationId/@RelationCount, query strategy)? */
export function loadsMoreThanColumns(builder: SelectQueryBuilder<any>): boolean {
  const map = builder.expressionMap as any;
  if (map.relationIdAttributes.length > 0 || (map.relationCountAttributes?.length ?? 0) > 0) return true;
  if (map.relationLoadStrategy === 'query' || map.lockMode !== undefined) return true;
  const metadatas = [map.mainAlias.metadata, ...map.joinAttributes.map((j: any) => j.metadata)];
  return metadatas.some((m) => m && (m.relationIds.length > 0 || (m.relationCounts?.length ?? 0) > 0));
}

/**
 * TypeORM's own hydration of raw rows (keys as getMany() names them) for a builder: an entity per row,
 * or undefined where getMany() would drop the row. 0.3.x takes relation counts as an extra argument.
 */
export function rowHydrator(
  builder: SelectQueryBuilder<any>,
): (raws: Record<string, unknown>[]) => (object | undefined)[] {
  const Transformer = RawSqlResultsToEntityTransformer as any;
  const driver = dataSourceOf(builder).driver;
  const queryRunner = queryRunnerOf(builder);
  const transformer =
    Transformer.length >= 5
      ? new Transformer(builder.expressionMap, driver, [], [], queryRunner)
      : new Transformer(builder.expressionMap, driver, [], queryRunner);
  const mainAlias = builder.expressionMap.mainAlias!;
  return (raws) => {
    // One call groups rows by primary key, in order: one entity per row unless a row is dropped.
    const entities = transformer.transform(raws, mainAlias);
    if (entities.length === raws.length) return entities;
    return raws.map((raw) => transformer.transform([raw], mainAlias)[0]);
  };
}

/** Would getMany() call anything after hydrating (@AfterLoad listeners, subscribers' afterLoad)? */
export function listensToLoad(builder: SelectQueryBuilder<any>): boolean {
  const map = builder.expressionMap;
  if (!map.callListeners || !map.mainAlias?.hasMetadata) return false;
  if (dataSourceOf(builder).subscribers.some((s) => typeof s.afterLoad === 'function')) return true;
  const loaded = [map.mainAlias, ...map.joinAttributes.filter((j) => j.isSelected).map((j) => j.alias)];
  return loaded.some((alias) => alias.hasMetadata && alias.metadata.afterLoadListeners.length > 0);
}

/** Calls @AfterLoad listeners and subscribers' afterLoad, as getMany() does after hydrating. */
export async function broadcastLoad(builder: SelectQueryBuilder<any>, entities: object[]): Promise<void> {
  const map = builder.expressionMap;
  if (entities.length === 0 || !map.mainAlias?.hasMetadata) return;
  const metadata = map.mainAlias.metadata;
  await withReadRunner(builder, (runner) => runner.broadcaster.broadcast('Load', metadata, entities));
}
