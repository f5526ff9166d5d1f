/** Runs `work` for every item, at most `width` at a time (at least one); results in item order. */
export async function inTurns<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  const lanes = Math.min(Number.isFinite(width) ? Math.max(1, Math.floor(width)) : 1, items.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
