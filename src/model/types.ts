import type { FindOperator, FindOptionsWhereProperty } from 'typeorm';

type Scalar = string | number | boolean | bigint | Date | Buffer | null | undefined;

/**
 * Property names every member of the union `T` has (for a union, `keyof` already keeps only the
 * common keys), methods left out. `any` entities accept any string.
 */
export type CommonField<T> = 0 extends 1 & T
  ? string
  : { [K in keyof T & string]-?: T[K] extends (...args: any[]) => any ? never : K }[keyof T & string];

type RelationField<T> = {
  [K in CommonField<T>]-?: NonNullable<T[K & keyof T]> extends Scalar
    ? never
    : NonNullable<T[K & keyof T]> extends readonly unknown[]
      ? never
      : K;
}[CommonField<T>];

type Related<T, K extends keyof any> = NonNullable<T[K & keyof T]>;

/** `'title'`, `'author.name'`, `'author.publisher.name'`: paths through fields common to every entity. */
export type FieldPath<T> = 0 extends 1 & T
  ? string
  : | CommonField<T>
    | { [K in RelationField<T>]: `${K}.${CommonField<Related<T, K>>}` }[RelationField<T>]
    | {
        [K in RelationField<T>]: {
          [L in RelationField<Related<T, K>>]: `${K}.${L}.${CommonField<Related<Related<T, K>, L>>}`;
        }[RelationField<Related<T, K>>];
      }[RelationField<T>];

/** A path a sequence can order or project by: a field path, or `'#'` (the builder's index). */
export type SequencePath<T> = '#' | FieldPath<T>;

/** TypeORM's FindOptionsWhere over the fields common to every entity, plus the `'#'` key. */
export type SequenceWhere<T> = {
  [K in CommonField<T>]?: FindOptionsWhereProperty<NonNullable<T[K & keyof T]>>;
} & {
  /** The builders to keep, by `#`: a number, `In`, `MoreThan`, `LessThan`, `Between`, `Not`… */
  '#'?: number | FindOperator<number>;
};

/** The direction of an order key. */
export type SortDirection = 'ASC' | 'DESC';
/** Where NULLs of an order key go; without one, the database's own placement. */
export type NullsPlacement = 'NULLS FIRST' | 'NULLS LAST';

/** The value type of a path: the property's type for a top-level field, a number for `'#'`. */
export type PathValue<T, P> = P extends '#' ? number : P extends keyof T ? T[P] : unknown;
