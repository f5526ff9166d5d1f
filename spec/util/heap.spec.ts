import { Heap, mergeSorted } from '../../src/util/heap';

/** A small deterministic generator (no Math.random: a failure reproduces). */
function numbers(seed: number, count: number, range: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % range;
  });
}

describe('Heap (pure: no database)', () => {
  it('pops every pushed number in ascending order, duplicates included', () => {
    for (const seed of [1, 7, 42]) {
      const values = numbers(seed, 200, 50);
      const heap = new Heap<number>((a, b) => a - b);
      for (const v of values) heap.push(v);
      expect(heap.size).toBe(200);
      const out: number[] = [];
      while (heap.size > 0) out.push(heap.pop()!);
      expect(out).toEqual([...values].sort((a, b) => a - b));
      expect(heap.pop()).toBeUndefined();
      expect(heap.peek()).toBeUndefined();
    }
  });

  it('replaceTop() is pop then push', () => {
    const heap = new Heap<number>((a, b) => a - b);
    [5, 3, 8, 1].forEach((v) => heap.push(v));
    heap.replaceTop(9);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([3, 5, 8, 9]);
  });
});

describe('mergeSorted (pure: no database)', () => {
  const byNumber = (a: number, b: number) => a - b;

  it('merges sorted lists into their sorted concatenation, up to a limit', () => {
    for (const seed of [3, 11, 99]) {
      const lists = [0, 1, 2, 3, 4].map((i) => numbers(seed + i, 30 + i * 7, 100).sort(byNumber));
      const all = lists.flat().sort(byNumber);
      expect(mergeSorted(lists, byNumber)).toEqual(all);
      expect(mergeSorted(lists, byNumber, 17)).toEqual(all.slice(0, 17));
      expect(mergeSorted(lists, byNumber, 0)).toEqual([]);
    }
  });

  it('handles empty lists and no lists', () => {
    expect(mergeSorted([], byNumber)).toEqual([]);
    expect(mergeSorted([[], [1, 2], [], [0]], byNumber)).toEqual([0, 1, 2]);
  });

  it('items that compare equal come in the order of their lists', () => {
    const lists = [
      [
        { k: 1, from: 'a' },
        { k: 2, from: 'a' },
      ],
      [
        { k: 1, from: 'b' },
        { k: 2, from: 'b' },
      ],
      [{ k: 1, from: 'c' }],
    ];
    const merged = mergeSorted(lists, (x, y) => x.k - y.k);
    expect(merged.map((x) => `${x.k}${x.from}`)).toEqual(['1a', '1b', '1c', '2a', '2b']);
  });

  it('compares O(limit · log lists) times, not limit · lists', () => {
    const lists = Array.from({ length: 64 }, (_, i) => Array.from({ length: 100 }, (_, j) => j * 64 + i));
    let comparisons = 0;
    const merged = mergeSorted(
      lists,
      (a, b) => {
        comparisons++;
        return a - b;
      },
      1000,
    );
    expect(merged).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Building the heap: < 2·64 comparisons; each of the 1000 steps at most 2·log2(64) = 12.
    expect(comparisons).toBeLessThanOrEqual(2 * 64 + 1000 * 12);
    expect(comparisons).toBeLessThan(1000 * 64);
  });
});
