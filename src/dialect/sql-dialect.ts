import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from '../typeorm/internals';
import type { NullsPlacement, SortDirection } from '../model/types';

/** The databases this package writes SQL for (MariaDB and MySQL share one). */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/**
 * Everything this package writes differently per database, one object each (`postgres.ts`, `mysql.ts`,
 * `sqlite.ts`), chosen once per DataSource by `dialectOf`. Code outside `src/dialect/` asks these objects
 * and never compares database names.
 */
export interface SqlDialect {
  readonly name: Dialect;

  /* ---------- ordering ---------- */

  /**
   * The ORDER BY terms that sort `expr` in `order` with NULLs placed as asked (each database's default
   * without a placement): MariaDB/MySQL have no NULLS FIRST/LAST and order by `(x IS NULL)` first.
   */
  orderTerms(expr: string, order: SortDirection, nulls?: NullsPlacement): readonly OrderTerm[];
  /** Whether NULLs come before values in an ORDER BY term: as placed, else the database's default. */
  nullsSortFirst(order: SortDirection, nulls?: NullsPlacement): boolean;
  /**
   * SQL of a binary sort key of a text value under the value's own collation, where the database has one
   * (MariaDB/MySQL's `WEIGHT_STRING(x)`, whose bytes compare as the collation orders, case- and
   * accent-insensitive ones included): rows of different statements (per-builder reads, shards) then merge
   * in JavaScript exactly as one ORDER BY puts them. Undefined where there is none (PostgreSQL, SQLite: text
   * is then compared by code point, their order under the "C" / binary collation).
   */
  textSortKeySql(sql: string): string | undefined;
  /** LIMIT/OFFSET with integers checked by skip()/take(); each database's form of "no limit". */
  limitClause(skip: number | undefined, take: number | undefined): string;
  /**
   * A member of a compound SELECT that has its own ORDER BY … LIMIT (`sql`): parenthesized, or a subquery
   * named `alias` (SQLite takes no ORDER BY in a compound's members; PostgreSQL and MariaDB read an index
   * in order for a parenthesized member, which costs them less than a subquery).
   */
  orderedUnionMember(sql: string, alias: string): string;

  /* ---------- types ---------- */

  /**
   * A column's type as UNION sees it (columns with one signature can share a key-query column), or
   * undefined when UNION could not match it with a NULL in the other branches.
   */
  unionType(dataSource: DataSource, column: ColumnMetadata | undefined): UnionType | undefined;
  /** Whether UNION needs the other branches' NULLs typed (`typedNull`) to match a column's type. */
  readonly typedUnionNulls: boolean;
  /** A NULL of `type` (typed where `typedUnionNulls`, else plain NULL). */
  typedNull(type: string): string;
  /** Whether projected enum values come as text: the database has no NULL of an enum type by name. */
  readonly enumValuesAsText: boolean;
  /** The type a cast names for a column. */
  castTypeOf(dataSource: DataSource, column: ColumnMetadata): string;
  /**
   * How builders of one DataSource whose columns of `typed` fill one sort column are compared: each one's
   * key type. Throws, before any SQL, for types the database has no one comparison for.
   */
  commonKeyType(typed: readonly DescribedColumn[], path: () => string): CommonKeyType;

  /* ---------- enums ---------- */

  /** Whether the database sorts an enum column by the order its labels are declared in (else as text). */
  readonly enumsSortByDeclaration: boolean;
  /** The database's own type of an enum column declared with an `enumName`, where it has one. */
  enumTypeName(dataSource: DataSource, column: ColumnMetadata | undefined): string | undefined;
  /** The SQL of an enum value's ordinal in its declaration (1, 2, …); NULL stays NULL. */
  enumOrdinalSql(expr: string): string;

  /* ---------- statements ---------- */

  /** A value as a statement parameter, converted as TypeORM's own parameters are. */
  bindable(value: unknown): unknown;
  /** A statement's SQL with its placeholders moved `offset` values on (for concatenating statements). */
  shiftPlaceholders(sql: string, offset: number): string;
  /**
   * The statement that returns the database's plan for `sql` on a server of version `server`; `limited`:
   * its branches are limited (a page), written as the dialect's orderedUnionMember().
   */
  explain(sql: string, server?: string, limited?: boolean): string;
  /** explain() depends on the server's version string (MariaDB or MySQL behind the same driver). */
  readonly needsServerVersion?: boolean;
  /** Whether a DataSource has a single connection (statements cannot run at once on a pool). */
  readonly singleConnection: boolean;

  /* ---------- cursor values ---------- */

  /** What a value from a cursor may be on this database (pagination/cursor-values.ts checks). */
  readonly cursorValues: CursorValueRules;
}

/** One ORDER BY term, as TypeORM's addOrderBy() takes it. */
export interface OrderTerm {
  readonly sql: string;
  readonly order: SortDirection;
  readonly nulls?: NullsPlacement;
}

/** A column's type as UNION sees it: columns with one signature can share a key-query column. */
export interface UnionType {
  readonly type: string;
  /** What branches that do not fill the column put there: NULL, typed where UNION needs it (PostgreSQL). */
  readonly nullSql: string;
}

/**
 * How one builder's value of a sort column is ordered, compared with a position and carried in one. The
 * key query's ORDER BY and the keyset condition after a position must make one comparison: both work on
 * the value in the comparison type (the union's common type over every builder of the DataSource, so it
 * does not change when builders drop out of a statement), and positions carry the value exactly.
 */
export interface KeyType {
  /** CAST target the builder's value is converted to, where its own type is not the comparison type. */
  readonly cast?: string;
  /** CAST target a position's value is bound as (the comparison type), where the database needs one. */
  readonly param?: string;
  /** CAST target of the copy positions read, where the value as the driver reads it is not exact. */
  readonly exact?: string;
}

/** A column's type as this package compares it: its name on the database, rank among its kind, size. */
export interface DescribedColumn {
  /** `Entity.property`, for messages. */
  readonly field: string;
  readonly type: string;
  readonly family: string;
  readonly precision?: number;
  readonly scale?: number;
  readonly unsigned?: boolean;
  readonly enum?: boolean;
}

/** Each builder's key type, from its column's description. */
export type CommonKeyType = (own: DescribedColumn) => KeyType;

/** What a cursor's value may be on one database, beyond the checks every database shares. */
export interface CursorValueRules {
  /** Why a text value cannot be stored, if it cannot (PostgreSQL refuses NUL characters). */
  textProblem(value: string): string | undefined;
  /** The float types held in 4 bytes (what rounds to 0 or overflows there is no such value). */
  readonly singleFloats: ReadonlySet<string>;
  /** Every integer is 64-bit whatever its declared type, and read as a JavaScript number (SQLite). */
  readonly integersAre64Bit: boolean;
  /** Whether a decimal column holds only its declared digits (SQLite keeps any number). */
  readonly decimalsKeepPrecision: boolean;
  /** Text of a decimal value that is no number's digits but the database's (PostgreSQL's NaN). */
  specialDecimal(value: string, dataSource: DataSource): boolean;
  /** The date/time types by their normalized name. */
  readonly dateShapes: Readonly<Record<string, DateShape>>;
  /** What a date/time type not among `dateShapes` takes, if the database has one rule for all. */
  readonly otherDates?: DateShape;
}

/** Whether a date/time text has, may have or has no such part. */
export type DatePart = 'required' | 'optional' | 'no';

/** What a date/time type takes on one database. */
export interface DateShape {
  readonly date: DatePart;
  readonly time: DatePart;
  readonly zone: DatePart;
  readonly maxYear: number;
  /** digits of a second's fraction the type keeps (more would be rounded away) */
  readonly fraction: number;
  /** `infinity` and `-infinity` (PostgreSQL's dates) */
  readonly infinity?: boolean;
  /** years of any number of digits, ` BC` years (to 4713), no year 0 (PostgreSQL) */
  readonly bcYears?: boolean;
  /** `24:00:00` (PostgreSQL's times of day) */
  readonly hour24?: boolean;
  /** `0000-00-00` (MariaDB's zero date) */
  readonly zeroDate?: boolean;
  /** a duration of up to ±838 hours (MariaDB's TIME) */
  readonly duration?: boolean;
}
