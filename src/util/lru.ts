/**
 * A map that keeps at most `maxSize` entries, dropping the least recently used: what a long-running
 * server needs for caches keyed by something its requests choose (query shapes, page sizes).
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private limit: number) {
    checkSize(limit);
  }

  get maxSize(): number {
    return this.limit;
  }

  /** A smaller bound drops the least recently used entries at once. */
  set maxSize(limit: number) {
    checkSize(limit);
    this.limit = limit;
    this.evict();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.evict();
    return this;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys from the least to the most recently used. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  private evict(): void {
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }
}

function checkSize(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`cache size ${String(limit)}: expected a non-negative integer.`);
  }
}
