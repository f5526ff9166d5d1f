import type { SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';
import { UnsupportedTypeormError } from '../errors/unsupported-typeorm-error';
import { dataSourceOf, queryRunnerOf, withReadRunner } from './data-source';
import type { ColumnMetadata } from './types';
import { typeormVersion } from './version';

/*
 * Entities from raw rows as getMany() makes them: the columns it selects, TypeORM's own transformer, the
 * load listeners it calls after.
 */

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

/** The RawSqlResultsToEntityTransformer constructors this package knows, by their number of parameters. */
const TRANSFORMER_SIGNATURES: Readonly<Record<number, string>> = {
  // TypeORM 0.3.x: (expressionMap, driver, rawRelationIdResults, rawRelationCountResults, queryRunner)
  5: 'with relation counts',
  // TypeORM 1.x: (expressionMap, driver, rawRelationIdResults, queryRunner)
  4: 'without relation counts',
};

/**
 * Which RawSqlResultsToEntityTransformer constructor `Transformer` has: 'with relation counts' (TypeORM
 * 0.3.x) or 'without relation counts' (1.x), told apart by its number of parameters.
 *
 * @throws {UnsupportedTypeormError} for any other constructor (a TypeORM release this package does not know).
 */
export function transformerSignature(
  Transformer: Function,
): 'with relation counts' | 'without relation counts' {
  const signature = TRANSFORMER_SIGNATURES[Transformer.length];
  if (signature === undefined) {
    throw new UnsupportedTypeormError(
      'RawSqlResultsToEntityTransformer',
      typeormVersion(),
      `has a constructor of ${Transformer.length} parameters, where this package knows those of TypeORM ` +
        `0.3.x (5: expressionMap, driver, rawRelationIdResults, rawRelationCountResults, queryRunner) and ` +
        `1.x (4: expressionMap, driver, rawRelationIdResults, queryRunner)`,
    );
  }
  return signature as 'with relation counts' | 'without relation counts';
}

/**
 * TypeORM's own hydration of raw rows (keys as getMany() names them) for a builder: an entity per row,
 * or undefined where getMany() would drop the row.
 *
 * @throws {UnsupportedTypeormError} when TypeORM's transformer has a constructor this package does not know.
 */
export function rowHydrator(
  builder: SelectQueryBuilder<any>,
): (raws: Record<string, unknown>[]) => (object | undefined)[] {
  const Transformer = RawSqlResultsToEntityTransformer as any;
  const driver = dataSourceOf(builder).driver;
  const queryRunner = queryRunnerOf(builder);
  const transformer =
    transformerSignature(Transformer) === 'with relation counts'
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
