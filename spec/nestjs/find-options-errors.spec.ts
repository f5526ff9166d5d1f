import { InvalidArgumentError, SequenceError, UnknownFieldError } from '../../src';
import { describeEachDialectInNest } from './support/nest-database';
import { publicationsOf, SEEDED_PUBLICATIONS } from './support/publications-service';

describeEachDialectInNest(
  'SequenceRepository option errors come before any SQL',
  SEEDED_PUBLICATIONS,
  (ctx) => {
    const repo = () => publicationsOf(ctx);

    /** Runs `work`, expects it to reject with `error` matching `message`, and no SQL to have run. */
    async function rejectsBeforeSql(work: () => Promise<unknown>, error: Function, message: RegExp) {
      const { result, queries } = await ctx.db.counted(() =>
        work().then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(result).toBeInstanceOf(error);
      expect((result as Error).message).toMatch(message);
      expect(queries).toEqual([]);
    }

    it('a where field that not every entity has: UnknownFieldError', async () => {
      await rejectsBeforeSql(() => repo().find({ where: { isbn: '111' } as any }), UnknownFieldError, /isbn/);
      await rejectsBeforeSql(
        () => repo().count({ where: [{ likes: 1 } as any] }),
        UnknownFieldError,
        /likes/,
      );
    });

    it('an order field that not every entity has: UnknownFieldError', async () => {
      await rejectsBeforeSql(
        () => repo().find({ order: { medium: 'ASC' } as any }),
        UnknownFieldError,
        /medium/,
      );
    });

    it('an order value TypeORM does not know: InvalidArgumentError naming the key', async () => {
      await rejectsBeforeSql(
        () => repo().find({ order: { title: 'up' as any } }),
        InvalidArgumentError,
        /order\.title/,
      );
      await rejectsBeforeSql(
        () => repo().findOne({ order: { release: { direction: 'DESC', nulls: 'middle' as any } } }),
        InvalidArgumentError,
        /order\.release\.nulls/,
      );
      await rejectsBeforeSql(
        () => repo().find({ order: 'title' as any }),
        InvalidArgumentError,
        /order: must be an object/,
      );
    });

    it('relations and select that not every entity has: UnknownFieldError', async () => {
      await rejectsBeforeSql(() => repo().find({ relations: ['publisher'] }), UnknownFieldError, /publisher/);
      await rejectsBeforeSql(() => repo().find({ select: ['isbn' as any] }), UnknownFieldError, /isbn/);
      await rejectsBeforeSql(
        () => repo().find({ select: {} }),
        InvalidArgumentError,
        /select: names no property/,
      );
    });

    it('negative or fractional skip/take: RangeError', async () => {
      await rejectsBeforeSql(() => repo().find({ skip: -1 }), RangeError, /skip/);
      await rejectsBeforeSql(() => repo().findAndCount({ take: 1.5 }), RangeError, /take/);
    });

    it('TypeORM find options a sequence cannot honour are refused, not ignored', async () => {
      await rejectsBeforeSql(
        () => repo().find({ lock: { mode: 'pessimistic_read' } } as any),
        InvalidArgumentError,
        /'lock' is not supported/,
      );
      await rejectsBeforeSql(
        () => repo().find({ wehre: { title: 'x' } } as any),
        SequenceError,
        /unknown option 'wehre'/,
      );
    });

    it('paginate() refuses skip/take: a keyset page uses first/after or last/before', async () => {
      await rejectsBeforeSql(() => repo().paginate({ take: 3 } as any), InvalidArgumentError, /first\/after/);
    });
  },
);
