import { DataSource, type ObjectLiteral } from 'typeorm';
import { connectionOptions, type DialectName } from '../support/dialects';
import { KEYS } from './column-kinds';
import { makeEntities, SLOTS, type PairShape, type Slot } from './generated-entities';

export type Direction = 'ASC' | 'DESC';
export type Nulls = 'NULLS FIRST' | 'NULLS LAST' | undefined;

export interface OrderTerm {
  path: Slot | '#';
  order: Direction;
  nulls: Nulls;
}

/** A condition on one column, applied to each entity's own column (as the sequence applies it). */
export interface Filter {
  slot: Slot;
  op: '>' | '=' | 'IS NULL' | 'IS NOT NULL';
  value?: unknown;
}

export type Rows = [ObjectLiteral[], ObjectLiteral[]];

/**
 * The tables of one generated pair on one database, reseeded per case in one transaction, and the oracle:
 * the database's own answer to a hand-written UNION ALL … ORDER BY.
 */
export class PairDatabase {
  readonly entities: Function[];
  private source?: DataSource;

  constructor(
    readonly pair: PairShape,
    readonly dialect: DialectName,
    tag: string,
  ) {
    this.entities = makeEntities(pair, dialect, tag);
  }

  get dataSource(): DataSource {
    if (!this.source) throw new Error('PairDatabase used outside its describe block.');
    return this.source;
  }

  async open(): Promise<void> {
    this.source = new DataSource({
      ...connectionOptions(this.dialect),
      entities: this.entities,
      synchronize: true,
      dropSchema: true,
    } as any);
    await this.source.initialize();
  }

  async close(): Promise<void> {
    if (this.source?.isInitialized) await this.source.destroy();
  }

  async load(rows: Rows): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const entity of this.entities) await manager.createQueryBuilder().delete().from(entity).execute();
      for (const [i, entity] of this.entities.entries()) {
        if (rows[i].length) await manager.insert(entity, rows[i]);
      }
    });
  }

  /** `'E0:3'`. */
  label(entity: ObjectLiteral): string {
    return `${entity.constructor.name}:${String(entity.id)}`;
  }

  /** The sequence's total order as SQL: the keys, then `#` and the primary keys in the last key's direction. */
  async oracle(terms: OrderTerm[], filter?: Filter): Promise<string[]> {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const typedNull = (i: number) =>
      this.dialect === 'postgres' ? `CAST(NULL AS ${KEYS[this.pair[i].key].sqlType})` : 'NULL';
    const condition = filter
      ? ` WHERE t.${q(filter.slot)} ${filter.op}${filter.op.startsWith('IS') ? '' : ' :v'}`
      : '';
    const branches = this.entities.map((entity, i) => {
      const keys =
        i === 0 ? `t.${q('id')} AS p0, ${typedNull(1)} AS p1` : `${typedNull(0)} AS p0, t.${q('id')} AS p1`;
      const table = this.dataSource.getMetadata(entity).tablePath;
      return (
        `SELECT ${i} AS idx, ${keys}, ${SLOTS.map((s) => `t.${q(s)} AS ${s}`).join(', ')} ` +
        `FROM ${q(table)} t${condition}`
      );
    });
    const last = terms[terms.length - 1].order;
    const orderBy = [
      ...terms.map((t) => this.term(t.path === '#' ? 'idx' : t.path, t.order, t.nulls)),
      ...['idx', 'p0', 'p1'].map((c) => `${c} ${last}`),
    ];
    const sql = `SELECT idx, p0, p1 FROM (${branches.join(' UNION ALL ')}) u ORDER BY ${orderBy.join(', ')}`;
    // TypeORM's own binding (its third argument, native parameters, is gone in TypeORM 1).
    const bind = this.dataSource.driver.escapeQueryWithParameters.bind(this.dataSource.driver) as (
      ...args: unknown[]
    ) => [string, unknown[]];
    const [query, parameters] = bind(sql, filter?.value === undefined ? {} : { v: filter.value }, {});
    const rows = await this.dataSource.query(query, parameters);
    return rows.map((r: any) => (Number(r.idx) === 0 ? `E0:${r.p0}` : `E1:${r.p1}`));
  }

  /** One ORDER BY term; MariaDB has no NULLS FIRST/LAST, so there it is an `IS NULL` key first. */
  private term(expr: string, order: Direction, nulls: Nulls): string {
    if (!nulls) return `${expr} ${order}`;
    if (this.dialect === 'mysql')
      return `(${expr} IS NULL) ${nulls === 'NULLS FIRST' ? 'DESC' : 'ASC'}, ${expr} ${order}`;
    return `${expr} ${order} ${nulls}`;
  }
}
