import type {
  DataSource,
  EntityTarget,
  FindOptionsWhere,
  NamingStrategyInterface,
  ObjectLiteral,
} from 'typeorm';
import type { DialectName } from '../support/dialects';

/** One entity of a shape's sequence, with the name its rows are labelled by (`'Note:3'`). */
export interface Member {
  target: EntityTarget<any>;
  name: string;
}

/** The entities of a shape on one dialect (column types may differ by dialect). */
export interface Model {
  /** Every entity the DataSource needs, referenced ones first (tables are emptied in reverse). */
  entities: EntityTarget<any>[];
  /** The sequence's builders, in `#` order. */
  members: Member[];
}

/**
 * An entity shape unlike the project's own fixtures, checked by `describeShape`: a sequence of two or
 * three entities having that shape, seeded with ties (and NULLs where a field is nullable).
 */
export interface Shape {
  title: string;
  /** Dialects the shape exists on (default: every available one). */
  dialects?: DialectName[];
  model: (dialect: DialectName) => Model;
  namingStrategy?: NamingStrategyInterface;
  /** PostgreSQL schemas created before the tables. */
  schemas?: string[];
  /** Inserts the rows (tables are empty). */
  seed: (dataSource: DataSource, model: Model, dialect: DialectName) => Promise<void>;
  /** Property paths to order by, the shape's varied field first. */
  fields: string[];
  /** A FindOptionsWhere over the common fields, given to `where()` and to each entity's `find()`. */
  filter: FindOptionsWhere<any> | FindOptionsWhere<any>[];
  /** Values for `update()` on the filtered sequence. */
  update: ObjectLiteral;
}
