import type { SequenceState } from '../model/sequence-state';
import { checkOptions } from '../metadata/options';
import { InvalidArgumentError, UnsupportedOperationError } from '../errors';
import { shown } from '../metadata/names';
import { countsOf, type SequenceCounts } from '../execution/counts';
import { refuseQuota } from '../planning/quota';
import { hydrateRows } from '../execution/hydrate';
import { pageKeyRows } from '../execution/load-page';
import { memo } from '../util/memo';
import { planSequence, type SequencePlan } from '../planning/plan-sequence';
import type { SortPlan } from '../planning/sort-plan';
import { positionOf } from '../planning/position';
import type { Position } from '../planning/seek';
import { decodeCursor, encodeCursor, orderingFingerprint } from './cursor';

/**
 * The options of {@link SequenceQueryBuilder.paginate}: `first` (with `after`) pages forward, `last` (with
 * `before`) pages backward; give one direction. Unknown keys are refused with an {@link InvalidArgumentError}.
 */
export interface PaginateOptions {
  /** Forward: at most this many rows after `after` (or from the start). A non-negative integer, else `RangeError`. */
  first?: number;
  /** Forward: the `endCursor` (or an edge's `cursor`) of the previous page; rows strictly after it. */
  after?: string | null;
  /** Backward: at most this many rows before `before` (or up to the end). A non-negative integer, else `RangeError`. */
  last?: number;
  /** Backward: the `startCursor` (or an edge's `cursor`) of the next page; rows strictly before it. */
  before?: string | null;
  /** Sign cursors with HMAC-SHA256 (a non-empty string or Buffer); unsigned or differently signed cursors are refused. */
  secret?: string | Buffer;
  /** Also count every row (concurrently with the page): `'byEntity'` adds `counts` (as getCounts()) too. */
  withCount?: boolean | 'byEntity';
}

/** The keys PaginateOptions has: any other is refused. */
export const PAGINATE_OPTIONS: readonly (keyof PaginateOptions)[] = [
  'first',
  'after',
  'last',
  'before',
  'secret',
  'withCount',
];

/** Relay's `PageInfo`: where the page stands in the whole ordered sequence. */
export interface PageInfo {
  /** Whether rows come after this page (for a backward page: after `before`, if one was given). */
  hasNextPage: boolean;
  /** Whether rows come before this page (for a forward page: before `after`, if one was given). */
  hasPreviousPage: boolean;
  /** The cursor of the page's first row, or `null` for an empty page. */
  startCursor: string | null;
  /** The cursor of the page's last row, or `null` for an empty page. */
  endCursor: string | null;
}

/** One row of a page and the opaque cursor of its position in the total order. */
export interface SequenceEdge<T> {
  /** The entity. */
  node: T;
  /** Give it as `after` (or `before`) to page on from this row. */
  cursor: string;
}

/**
 * A page of {@link SequenceQueryBuilder.paginate}, in Relay's connection shape, so a GraphQL resolver can return
 * it as is. Named `SequenceConnection` so it does not clash with TypeORM's own `Connection` class.
 */
export interface SequenceConnection<T> {
  /** The page's entities, in the sequence's order (the same objects as `edges[].node`). */
  items: T[];
  /** The page's entities with their cursors. */
  edges: SequenceEdge<T>[];
  /** Whether there are rows before and after the page, and its first and last cursor. */
  pageInfo: PageInfo;
  /** With `withCount`: every row of the sequence, as getCount(). */
  totalCount?: number;
  /** With `withCount: 'byEntity'`: the counts per entity and per builder `#` (getCounts()). */
  counts?: SequenceCounts;
}

/**
 * The former name of {@link SequenceConnection}.
 *
 * @deprecated Use {@link SequenceConnection}: `Connection` clashes with TypeORM's `Connection` class.
 */
export type Connection<T> = SequenceConnection<T>;

function checkSize(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`paginate: ${name} must be a non-negative integer, got ${String(value)}.`);
  }
  return value;
}

/** A secret signs cursors only if it is a non-empty string or Buffer: an empty one would sign nothing. */
function checkSecret(secret: unknown): string | Buffer | undefined {
  if (secret === undefined || secret === null) return undefined;
  if ((typeof secret === 'string' || Buffer.isBuffer(secret)) && secret.length > 0) return secret;
  throw new InvalidArgumentError(
    'paginate(options).secret',
    `give a non-empty string or Buffer to sign cursors with (or no secret), got ${shown(secret)}.`,
  );
}

function checkWithCount(value: unknown): boolean | 'byEntity' | undefined {
  if (value === 'byEntity') return value;
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  throw new InvalidArgumentError(
    'paginate(options).withCount',
    `expected true, false or 'byEntity' (counts per entity too), got ${shown(value)}.`,
  );
}

const fingerprints = new WeakMap<SortPlan, string>();

/**
 * Checks the arguments and decodes the cursor before any SQL: a count that is not a non-negative integer is
 * a RangeError, other bad options an InvalidArgumentError, a bad cursor an InvalidCursorError.
 */
function prepare(state: SequenceState, given: PaginateOptions | null | undefined) {
  const options = checkOptions(given, 'paginate', PAGINATE_OPTIONS);
  const first = checkSize('first', options.first);
  const last = checkSize('last', options.last);
  const after = options.after ?? undefined;
  const before = options.before ?? undefined;
  const secret = checkSecret(options.secret);
  const withCount = checkWithCount(options.withCount);
  refuseQuota(state, 'paginate()', 'page it with skip()/take() and getMany() instead.');
  if (state.skip !== undefined || state.take !== undefined) {
    throw new UnsupportedOperationError(
      'paginate() pages by cursor: remove skip()/take() from the sequence.',
    );
  }
  const backward = last !== undefined || before !== undefined;
  // Like `after` without `first`, `before` without `last` is refused: a page is never unbounded.
  if (backward ? first !== undefined || after !== undefined || last === undefined : first === undefined) {
    throw new InvalidArgumentError(
      'paginate(options)',
      'give { first, after? } to page forward or { last, before? } to page backward ' +
        '(before needs last, as after needs first).',
    );
  }
  const forward = planSequence(state);
  // A plan's builders are its state's members, so the fingerprint is one per plan.
  const fingerprint = memo(fingerprints, forward.sort, () =>
    orderingFingerprint(forward.sort, new Map(state.members.map((m) => [m.index, m.metadata.name]))),
  );
  const cursor = backward ? before : after;
  const position =
    cursor === undefined
      ? undefined
      : decodeCursor(
          cursor,
          fingerprint,
          forward.sort,
          new Map(state.members.map((m) => [m.index, m.dataSource])),
          secret,
        );
  const plan = backward ? planSequence({ ...state, reversed: !state.reversed }) : forward;
  const opposite = backward ? forward : planSequence({ ...state, reversed: !state.reversed });
  const size = (backward ? last : first)!;
  return { size, backward, position, plan, opposite, forward, fingerprint, secret, withCount };
}

/** Is there a row at or behind the position, looking the other way? (Relay's hasPreviousPage / hasNextPage.) */
async function anyAtOrBehind(opposite: SequencePlan, position: Position | undefined): Promise<boolean> {
  if (!position) return false;
  const { rows } = await pageKeyRows(opposite, undefined, 1, { after: { position, inclusive: true } });
  return rows.length > 0;
}

export async function paginate<T>(
  state: SequenceState,
  options: PaginateOptions | null | undefined,
): Promise<SequenceConnection<T>> {
  const { size, backward, position, plan, opposite, forward, fingerprint, secret, withCount } = prepare(
    state,
    options,
  );
  // The page starts AT the cursor's row: while that row exists it proves there is a row behind the page,
  // so the separate probe runs only when it was deleted meanwhile.
  const [{ rows: found, carried }, counts] = await Promise.all([
    plan.groups.length === 0
      ? Promise.resolve({ rows: [], carried: new Map() })
      : pageKeyRows(plan, undefined, size + (position ? 2 : 1), {
          positions: true,
          entities: true,
          after: position && { position, inclusive: true },
        }),
    withCount ? countsOf(forward, state.members) : Promise.resolve(undefined),
  ]);
  const atCursor = !!position && found.length > 0 && samePosition(positionOf(found[0], plan.sort), position);
  const rows = atCursor ? found.slice(1) : found.slice(0, size + 1);
  const behind = atCursor || (await anyAtOrBehind(opposite, position));
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  const pairs = await hydrateRows(pageRows, plan, carried);
  if (backward) pairs.reverse();
  const edges = pairs.map(({ row, entity }) => ({
    node: entity as T,
    cursor: encodeCursor(positionOf(row, plan.sort), fingerprint, secret),
  }));
  const connection: SequenceConnection<T> = {
    items: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: backward ? behind : more,
      hasPreviousPage: backward ? more : behind,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
  if (counts !== undefined) connection.totalCount = counts.total;
  if (counts !== undefined && withCount === 'byEntity') connection.counts = counts;
  return connection;
}

function samePosition(a: Position, b: Position): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => String(a[key]) === String(b[key]));
}
