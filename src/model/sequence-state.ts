import type { FilterTerm } from './condition';
import type { OrderKey } from './order-key';
import type { Member } from './member';
import type { ReadStrategy } from './types';

export interface JoinSpec {
  readonly kind: 'left' | 'inner';
  readonly select: boolean;
  readonly path: string;
  readonly alias: string;
}

/** Everything a SequenceQueryBuilder is; frozen, shared between builders derived from one another. */
export interface SequenceState {
  readonly members: readonly Member[];
  readonly filters: readonly FilterTerm[];
  readonly orders: readonly OrderKey[];
  readonly reversed: boolean;
  readonly skip?: number;
  readonly take?: number;
  readonly joins: readonly JoinSpec[];
  /** select(paths): partial entities with these properties plus the primary key. */
  readonly selection?: readonly string[];
  /** takeEach(n): at most n rows of each builder (see planning/quota.ts). */
  readonly takeEach?: number;
  /** interleave(): the builders' rows dealt out in rounds (see planning/quota.ts). */
  readonly interleaved?: boolean;
  /** strategy(): one statement per DataSource (`'union'`, the default) or one per builder. */
  readonly strategy?: ReadStrategy;
}

export const EMPTY_STATE: SequenceState = Object.freeze({
  members: Object.freeze([]),
  filters: Object.freeze([]),
  orders: Object.freeze([]),
  reversed: false,
  joins: Object.freeze([]),
});

export function nextState(state: SequenceState, change: Partial<SequenceState>): SequenceState {
  // the state's own arrays are frozen already: only the new ones are
  for (const key in change) {
    const value = change[key as keyof SequenceState];
    if (Array.isArray(value)) Object.freeze(value);
  }
  return Object.freeze({ ...state, ...change });
}
