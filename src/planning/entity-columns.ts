import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { Materialized } from './materialize';
import type { Projection, ValueColumn } from './projection';

/**
 * Can this builder's entities be built from columns read by the key query itself, sparing the load by
 * primary key? Yes when it selects its whole entity and nothing else: no selected joins, no partial
 * selection, no relation ids, no inheritance, no join that repeats rows.
 */
export function loadsFromKeyQuery(m: Materialized): boolean {
  const map = m.qb.expressionMap as any;
  const metadata = m.member.metadata;
  return (
    !m.mayRepeatRows &&
    map.selects.length === 1 &&
    map.selects[0].selection === m.member.alias &&
    (map.relationIdAttributes?.length ?? 0) === 0 &&
    (map.relationCountAttributes?.length ?? 0) === 0 &&
    !metadata.discriminatorColumn &&
    metadata.childEntityMetadatas.length === 0
  );
}

/**
 * The entity columns each such builder adds to the key query (`seq_e<#>_<n>`), each to be handed to
 * TypeORM's hydration under the name TypeORM itself gives it (`item_title`).
 */
export function planEntityColumns(active: readonly Materialized[]): Projection {
  return new Map(
    active.filter(loadsFromKeyQuery).map((m) => {
      const driver = m.member.dataSource.driver;
      const columns: ValueColumn[] = m.member.metadata.columns
        .filter((column) => column.isSelect)
        .map((column, j) => ({
          name: `seq_e${m.member.index}_${j}`,
          path: DriverUtils.buildAlias(driver, undefined, m.member.alias, column.databaseName),
          source: { kind: 'column', joinPath: '', column },
        }));
      return [m.member.index, columns];
    }),
  );
}
