import type { ColumnMetadata } from '../typeorm/internals';
import type { NullsPlacement, SortDirection } from './types';

/** Where a sort key's value comes from, for one builder. */
export type SortSource =
  | { readonly kind: 'column'; readonly joinPath: string; readonly column: ColumnMetadata }
  | { readonly kind: 'index' }
  | { readonly kind: 'raw'; readonly sql: string; readonly column?: ColumnMetadata };

export interface MemberSortKey {
  readonly source: SortSource;
  readonly order: SortDirection;
  readonly nulls?: NullsPlacement;
  /** What must agree between entities for the key to be shared: relative path, direction, nulls. */
  readonly signature: string;
}
