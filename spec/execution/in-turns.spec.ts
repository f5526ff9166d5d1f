import { inTurns } from '../../src/execution/in-turns';

/** The bounded concurrency counts run with (no database: it only schedules promises). */
describe('inTurns', () => {
  const work = (running: { now: number; most: number }) => async (item: number) => {
    running.now++;
    running.most = Math.max(running.most, running.now);
    await new Promise((resolve) => setTimeout(resolve, 1));
    running.now--;
    return item * 10;
  };

  it('runs every item, at most `width` at once, results in item order', async () => {
    const running = { now: 0, most: 0 };
    expect(await inTurns([1, 2, 3, 4, 5], 2, work(running))).toEqual([10, 20, 30, 40, 50]);
    expect(running.most).toBe(2);
  });

  it.each([0, -3, Number.NaN, Number.POSITIVE_INFINITY, 1.5])(
    'a width of %s still runs every item (one at a time unless it is a finite count above one)',
    async (width) => {
      const running = { now: 0, most: 0 };
      expect(await inTurns([1, 2, 3], width, work(running))).toEqual([10, 20, 30]);
      expect(running.most).toBe(1);
    },
  );
});
