import { LruCache } from '../../src/util/lru';

describe('LruCache (pure: no database) — the bound of the plan cache and of each plan’s page statements', () => {
  it('never holds more than its bound, dropping the least recently used', () => {
    const cache = new LruCache<number, string>(64);
    for (let k = 0; k < 1000; k++) {
      cache.set(k, `page ${k}`);
      expect(cache.size).toBeLessThanOrEqual(64);
    }
    expect(cache.size).toBe(64);
    expect([...cache.keys()]).toEqual(Array.from({ length: 64 }, (_, i) => 936 + i));
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(999)).toBe('page 999');
  });

  it('get() and set() of a present key make it the most recently used', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1).set('b', 2).set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4); // drops b, the least recently used
    expect([...cache.keys()]).toEqual(['c', 'a', 'd']);
    cache.set('c', 30); // c again: most recent
    cache.set('e', 5); // drops a
    expect([...cache.keys()]).toEqual(['d', 'c', 'e']);
    expect(cache.get('c')).toBe(30);
    expect(cache.has('a')).toBe(false);
  });

  it('a smaller bound drops entries at once; a bound of 0 keeps nothing; a bad bound is a RangeError', () => {
    const cache = new LruCache<number, number>(10);
    for (let k = 0; k < 10; k++) cache.set(k, k);
    cache.maxSize = 4;
    expect([...cache.keys()]).toEqual([6, 7, 8, 9]);
    cache.maxSize = 0;
    cache.set(1, 1);
    expect(cache.size).toBe(0);
    expect(() => new LruCache(-1)).toThrow(RangeError);
    expect(() => (cache.maxSize = 1.5)).toThrow(RangeError);
    expect(cache.maxSize).toBe(0);
  });
});
