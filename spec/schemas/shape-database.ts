import 'reflect-metadata';
import { DataSource, EntitySchema, type EntityMetadata, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { connectionOptions, type DialectName } from '../support/dialects';
import type { Member, Model, Shape } from './shape';

type Direction = 'ASC' | 'DESC';

export interface UnionQuery {
  /** Property path whose column is the union's `k`. */
  field: string;
  order: Direction;
  /** Condition over the union's `k` (e.g. `k IS NOT NULL`). */
  where?: string;
  /** Keep soft-deleted rows (as `withDeleted()`). */
  withDeleted?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * One shape's database: the DataSource built from the shape (naming strategy, schemas), and the oracle
 * — the order the database itself gives a hand-written UNION ALL over the members' tables, read through
 * TypeORM's metadata (table path, column names, discriminator, delete date), never through the code
 * under test.
 */
export class ShapeDatabase {
  readonly model: Model;
  private source?: DataSource;

  constructor(
    readonly shape: Shape,
    readonly dialect: DialectName,
  ) {
    this.model = shape.model(dialect);
  }

  get dataSource(): DataSource {
    if (!this.source) throw new Error('ShapeDatabase used outside its describe block.');
    return this.source;
  }

  async open(): Promise<void> {
    this.source = new DataSource({
      ...connectionOptions(this.dialect),
      entities: this.model.entities,
      namingStrategy: this.shape.namingStrategy,
    } as any);
    await this.source.initialize();
    if (this.dialect === 'postgres') {
      for (const schema of this.shape.schemas ?? [])
        await this.query(`CREATE SCHEMA IF NOT EXISTS ${this.q(schema)}`);
    }
    await this.source.synchronize(true);
  }

  async close(): Promise<void> {
    if (this.source?.isInitialized) await this.source.destroy();
  }

  /** Empties the tables (soft-deleted rows too) and seeds them again. */
  async reseed(): Promise<void> {
    for (const entity of [...this.model.entities].reverse()) {
      await this.dataSource.createQueryBuilder().delete().from(entity).execute();
    }
    await this.shape.seed(this.dataSource, this.model, this.dialect);
  }

  q(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  query<R = any>(sql: string, parameters: unknown[] = []): Promise<R[]> {
    return this.dataSource.query(sql, parameters);
  }

  metadata(member: Member): EntityMetadata {
    return this.dataSource.getMetadata(member.target);
  }

  /** `'Note:3'`, `'Pair:1-x'`: which member an entity is (by class), and its primary key. */
  label(entity: ObjectLiteral): string {
    const member = this.model.members.find((m) => classOf(m) === entity.constructor);
    if (!member)
      throw new Error(`No member of ${this.shape.title} makes ${entity.constructor.name} objects.`);
    const key = this.metadata(member).primaryColumns.map((c) => String(c.getEntityValue(entity)));
    return `${member.name}:${key.join('-')}`;
  }

  /** The members' rows as one UNION ALL of `idx`, primary key columns `p0…`, and the field as `k`. */
  private union(field: string, withDeleted: boolean): string {
    const branches = this.model.members.map((member, index) => {
      const md = this.metadata(member);
      const column = md.findColumnWithPropertyPath(field);
      if (!column) throw new Error(`${member.name} has no column at ${field}.`);
      const keys = md.primaryColumns.map((c, i) => `t.${this.q(c.databaseName)} AS p${i}`);
      const conditions: string[] = [];
      if (md.discriminatorColumn && md.parentEntityMetadata) {
        conditions.push(`t.${this.q(md.discriminatorColumn.databaseName)} = '${md.discriminatorValue}'`);
      }
      if (md.deleteDateColumn && !withDeleted) {
        conditions.push(`t.${this.q(md.deleteDateColumn.databaseName)} IS NULL`);
      }
      const table = md.tablePath
        .split('.')
        .map((part) => this.q(part))
        .join('.');
      return (
        `SELECT ${index} AS idx, ${keys.join(', ')}, ${this.sortValue(column)} AS k FROM ${table} t` +
        (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '')
      );
    });
    return branches.join(' UNION ALL ');
  }

  /**
   * The value one table's own ORDER BY sorts a column by. MariaDB sorts an ENUM by its index, but a UNION
   * of ENUMs is a string column: the union carries the index (`x+0`) so that it sorts as each table does.
   */
  private sortValue(column: ColumnMetadata): string {
    const value = `t.${this.q(column.databaseName)}`;
    const isEnum = column.type === 'enum' || column.type === 'simple-enum';
    return isEnum && this.dialect === 'mysql' ? `(${value}+0)` : value;
  }

  /**
   * Labels in the order of `ORDER BY k, idx, p0, p1…` all in one direction — the sequence's total order
   * (keys, then `#`, then primary key in the direction of the last key) — as the database sorts them.
   */
  async oracle(query: UnionQuery): Promise<string[]> {
    const keyCount = this.metadata(this.model.members[0]).primaryColumns.length;
    const terms = ['k', 'idx', ...Array.from({ length: keyCount }, (_, i) => `p${i}`)];
    let sql =
      `SELECT * FROM (${this.union(query.field, query.withDeleted ?? false)}) u` +
      (query.where ? ` WHERE ${query.where}` : '') +
      ` ORDER BY ${terms.map((t) => `${t} ${query.order}`).join(', ')}`;
    if (query.limit !== undefined) sql += ` LIMIT ${query.limit}`;
    if (query.offset !== undefined) sql += ` OFFSET ${query.offset}`;
    return this.labels(await this.query(sql), keyCount);
  }

  /** Labels of the rows whose field is the union's greatest non-NULL value, as the database sorts it. */
  async greatest(field: string): Promise<string[]> {
    const keyCount = this.metadata(this.model.members[0]).primaryColumns.length;
    const union = this.union(field, false);
    const rows = await this.query(
      `SELECT * FROM (${union}) u WHERE k = ` +
        `(SELECT k FROM (${union}) v WHERE k IS NOT NULL ORDER BY k DESC LIMIT 1)`,
    );
    return this.labels(rows, keyCount).sort();
  }

  private labels(rows: any[], keyCount: number): string[] {
    return rows.map((r) => {
      const key = Array.from({ length: keyCount }, (_, i) => String(r[`p${i}`]));
      return `${this.model.members[Number(r.idx)].name}:${key.join('-')}`;
    });
  }
}

/** The constructor of a member's entities: its class, an EntitySchema's target, or Object for a plain schema. */
function classOf(member: Member): unknown {
  const target = member.target;
  if (target instanceof EntitySchema) return target.options.target ?? Object;
  return target;
}
