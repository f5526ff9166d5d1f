/**
 * A binary min-heap under a comparison: push and pop in O(log n), peek in O(1). Equal items come out in no
 * particular order; callers that need one make their comparison total.
 */
export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i], items[parent]) >= 0) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Replaces the smallest item (pop then push in one sift). */
  replaceTop(item: T): void {
    this.items[0] = item;
    this.siftDown(0);
  }

  private siftDown(from: number): void {
    const items = this.items;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && this.compare(items[right], items[left]) < 0 ? right : left;
      if (this.compare(items[child], items[i]) >= 0) return;
      [items[i], items[child]] = [items[child], items[i]];
      i = child;
    }
  }
}

/**
 * Merges lists that are each sorted under `compare` into one sorted list, stopping after `limit` items:
 * a heap over the lists' heads, so O(limit · log lists) comparisons. Items that compare equal come in
 * the order of their lists.
 */
export function mergeSorted<T>(
  lists: readonly (readonly T[])[],
  compare: (a: T, b: T) => number,
  limit = Infinity,
): T[] {
  const heap = new Heap<{ list: number; at: number }>(
    (a, b) => compare(lists[a.list][a.at], lists[b.list][b.at]) || a.list - b.list,
  );
  lists.forEach((list, i) => {
    if (list.length > 0) heap.push({ list: i, at: 0 });
  });
  const merged: T[] = [];
  while (merged.length < limit) {
    const head = heap.peek();
    if (!head) break;
    merged.push(lists[head.list][head.at]);
    if (head.at + 1 < lists[head.list].length) heap.replaceTop({ list: head.list, at: head.at + 1 });
    else heap.pop();
  }
  return merged;
}
