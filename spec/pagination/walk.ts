import type { SequenceConnection, SequenceQueryBuilder } from '../../src';

export interface Walk<T> {
  /** Every node of the walk in the sequence's order (a backward walk's pages put back in order). */
  items: T[];
  /** The pages in the order they were fetched. */
  pages: SequenceConnection<T>[];
}

export interface WalkOptions<T> {
  secret?: string;
  /** Runs after each page is fetched, before the next one (to change the data under the walk). */
  between?: (page: SequenceConnection<T>, fetched: number) => Promise<void>;
  /** Safety net against a walk that never ends. */
  maxPages?: number;
}

/**
 * Follows `endCursor` with `{ first: size, after }` (forward) or `startCursor` with `{ last: size, before }`
 * (backward) until the page says there is nothing more that way.
 */
export async function walk<T extends object>(
  seq: SequenceQueryBuilder<T>,
  direction: 'forward' | 'backward',
  size: number,
  options: WalkOptions<T> = {},
): Promise<Walk<T>> {
  const pages: SequenceConnection<T>[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page: SequenceConnection<T> =
      direction === 'forward'
        ? await seq.paginate({ first: size, after: cursor, secret: options.secret })
        : await seq.paginate({ last: size, before: cursor, secret: options.secret });
    pages.push(page);
    if (pages.length > (options.maxPages ?? 500)) throw new Error(`walk ${direction}: no end in sight`);
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) break;
    const next = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
    if (next === null) throw new Error(`walk ${direction}: a page says there is more but has no cursor`);
    cursor = next;
    if (options.between) await options.between(page, pages.length);
  }
  const ordered = direction === 'forward' ? pages : [...pages].reverse();
  return { items: ordered.flatMap((p) => p.items), pages };
}

/**
 * Checks the shape of one page: items are the edges' nodes, start/end cursors are the first/last
 * edge's, every cursor an opaque base64url string (two parts joined by '.' when signed).
 */
export function expectPageShape<T>(page: SequenceConnection<T>, signed = false): void {
  expect(page.items).toHaveLength(page.edges.length);
  page.items.forEach((item, i) => expect(item).toBe(page.edges[i].node));
  expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
  const pattern = signed ? /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/ : /^[A-Za-z0-9_-]+$/;
  for (const edge of page.edges) expect(edge.cursor).toMatch(pattern);
}

/**
 * Checks every page of a walk over `total` rows: sizes (full pages except the far end), shape, and
 * hasNextPage / hasPreviousPage exactly (is there a row after / before this page).
 */
export function expectWalkPages<T>(
  walked: Walk<T>,
  direction: 'forward' | 'backward',
  size: number,
  total: number,
  signed = false,
): void {
  const expectedPages = Math.max(1, Math.ceil(total / size));
  expect(walked.pages).toHaveLength(expectedPages);
  let seen = 0;
  walked.pages.forEach((page, k) => {
    expectPageShape(page, signed);
    const length = Math.min(size, total - seen);
    expect(page.edges).toHaveLength(length);
    const start = direction === 'forward' ? seen : total - seen - length;
    const flags = { next: page.pageInfo.hasNextPage, previous: page.pageInfo.hasPreviousPage };
    expect({ page: k, ...flags }).toEqual({ page: k, next: start + length < total, previous: start > 0 });
    seen += length;
  });
}
