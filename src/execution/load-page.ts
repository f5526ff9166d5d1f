import { UnsupportedOperationError } from '../errors';
import type { SequenceState } from '../model/sequence-state';
import { CARRY_MAX_SKIP, carriedEntity, type CarriedEntity } from '../planning/carried-columns';
import { layoutCarried, type CarryLayout } from '../planning/carry-layout';
import { memo } from '../util/memo';
import type { Materialized } from '../planning/materialize';
import { keyQuery, type KeyQueryOptions, type Page } from '../planning/key-query';
import type { SequencePlan } from '../planning/plan-sequence';
import { hydrate, type Carried, type KeyRow } from './hydrate';
import { commonDialect, mergeKeyRows } from './merge-key-rows';
import { runStatement } from './run-statement';
import { fanOut } from './fan-out';

export interface PageOptions extends Omit<KeyQueryOptions, 'carry'> {
  /** The rows will be hydrated: shallow pages carry the entity columns they can. */
  readonly entities?: boolean;
}

/** Key rows in the sequence's order, and the builders whose entity columns they carry. */
export interface KeyPage {
  readonly rows: KeyRow[];
  readonly carried: Carried;
  /** With partLimits (one DataSource): the branch part each row came from. */
  readonly partOf?: (row: KeyRow) => string;
  /** With deferLater: parts were left out, so more rows may follow even when few came. */
  readonly deferred: boolean;
}

/**
 * The rows of a page in the sequence's order. One DataSource: one key query ordered and paged by the
 * database (carrying the entities' columns on shallow pages), then one load per builder in the page it
 * could not carry. Several DataSources (or strategy('per-builder')): each statement orders its part with
 * LIMIT skip+take, they run at once, and the parts are merged (a heap over their heads).
 */
export async function loadPage<T>(plan: SequencePlan, state: SequenceState): Promise<T[]> {
  if (state.take === 0 || plan.groups.length === 0) return [];
  const { rows, carried } = await pageKeyRows(plan, state.skip, state.take, { entities: true });
  return hydrate<T>(rows, plan, carried);
}

/** The key query of each DataSource for a page: itself paged with one DataSource; LIMIT skip+take with several. */
export function keyStatements(plan: SequencePlan, skip?: number, take?: number, options: PageOptions = {}) {
  if (plan.quota?.interleave && plan.groups.length > 1) {
    throw new UnsupportedOperationError(
      plan.byDataSource.length > 1
        ? 'interleave() deals rows out in one statement: its builders must share one DataSource ' +
            `(these are on ${plan.byDataSource.length}). Interleave each DataSource's sequence on its own.`
        : "interleave() deals rows out in one statement: it needs strategy('union') (the default), " +
            "not 'per-builder'.",
    );
  }
  const page: Page =
    plan.groups.length === 1 ? { skip, take } : { take: take === undefined ? undefined : (skip ?? 0) + take };
  const carrying = options.entities === true && (skip ?? 0) <= CARRY_MAX_SKIP;
  // Statements whose rows are merged bring the databases' sort keys of text keys along.
  const weights = plan.groups.length > 1;
  return plan.groups.map((group) => {
    const carry = carrying ? carryLayoutOf(group, plan) : undefined;
    return {
      group,
      entity: group.length === 1 ? group[0].member.metadata.name : '*',
      dataSource: group[0].member.dataSource,
      carry: carry?.readers ?? NOTHING_CARRIED,
      statement: keyQuery(group, plan.sort, page, {
        projection: plan.projection,
        quota: plan.quota,
        ...options,
        weights,
        carry,
      }),
    };
  });
}

const NOTHING_CARRIED: Carried = new Map();

const layouts = new WeakMap<readonly Materialized[], CarryLayout>();

/** How a DataSource's key query carries the columns of the builders it can (one layout per plan's group). */
export function carryLayoutOf(group: readonly Materialized[], plan: SequencePlan): CarryLayout {
  return memo(layouts, group, () => {
    const carried: { materialized: Materialized; entity: CarriedEntity }[] = [];
    for (const materialized of group) {
      const entity = carriedEntity(materialized, plan);
      if (entity) carried.push({ materialized, entity });
    }
    return layoutCarried(carried, plan.sort);
  });
}

export async function pageKeyRows(
  plan: SequencePlan,
  skip?: number,
  take?: number,
  options: PageOptions = {},
): Promise<KeyPage> {
  const statements = keyStatements(plan, skip, take, options);
  const carried =
    statements.length === 1 ? statements[0].carry : new Map(statements.flatMap(({ carry }) => [...carry]));
  const lists = await fanOut(
    statements,
    ({ dataSource }) => dataSource,
    async ({ group, statement }) => (statement ? runStatement(group[0], statement, plan.binding) : []),
  );
  const deferred = statements.some(({ statement }) => statement?.deferred);
  if (lists.length === 1)
    return { rows: lists[0], carried, partOf: statements[0].statement?.partOf, deferred };
  const limit = take === undefined ? undefined : (skip ?? 0) + take;
  const merged = mergeKeyRows(lists, plan.sort, commonDialect(plan), limit);
  return { rows: skip ? merged.slice(skip) : merged, carried, deferred };
}
