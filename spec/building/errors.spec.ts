import { EntityNotFoundError, In, MoreThan } from 'typeorm';
import { Book } from '../../entities';
import {
  IncompatibleOrderingError,
  InvalidArgumentError,
  InvalidCursorError,
  MultipleEntitiesFoundError,
  SequenceError,
  SequenceQueryBuilder,
  sequenceOf,
  UnknownFieldError,
  UnsupportedOperationError,
} from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

const ERROR_CLASSES: [string, new (...args: any[]) => Error, () => Error][] = [
  ['UnknownFieldError', UnknownFieldError, () => new UnknownFieldError('isbn', 'Article', ['title'])],
  [
    'IncompatibleOrderingError',
    IncompatibleOrderingError,
    () => new IncompatibleOrderingError('author', 'x'),
  ],
  ['UnsupportedOperationError', UnsupportedOperationError, () => new UnsupportedOperationError('no')],
  ['MultipleEntitiesFoundError', MultipleEntitiesFoundError, () => new MultipleEntitiesFoundError(['Book'])],
  ['InvalidCursorError', InvalidCursorError, () => new InvalidCursorError('tampered')],
  ['InvalidArgumentError', InvalidArgumentError, () => new InvalidArgumentError('paginate(options)', 'no')],
];

describe('error classes', () => {
  test.each(ERROR_CLASSES)(
    '%s extends SequenceError and Error, with name = class name',
    (name, cls, make) => {
      const error = make();
      expect(error).toBeInstanceOf(cls);
      expect(error).toBeInstanceOf(SequenceError);
      expect(error).toBeInstanceOf(Error);
      expect(Object.getPrototypeOf(cls.prototype)).toBe(SequenceError.prototype);
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
      expect(error.stack).toEqual(expect.any(String));
    },
  );

  test('SequenceError itself extends Error', () => {
    const error = new SequenceError('base');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SequenceError');
    expect(error.message).toBe('base');
  });
});

describeEachDialect('errors thrown by a sequence', (db) => {
  beforeAll(() => seed(db));

  const pubs = () => sequenceOf(db.dataSource, 'publications');

  /** Asserts that `act` throws synchronously, before any SQL, and returns the error. */
  async function thrownBeforeSql(act: () => unknown): Promise<Error> {
    const { result, queries } = await db.counted(async () => {
      try {
        act();
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a synchronous throw');
    });
    expect(queries).toEqual([]);
    return result;
  }

  test.each([
    ['skip(-1)', (s: SequenceQueryBuilder<any>) => s.skip(-1)],
    ['skip(1.5)', (s: SequenceQueryBuilder<any>) => s.skip(1.5)],
    ['take(-2)', (s: SequenceQueryBuilder<any>) => s.take(-2)],
    ['take(NaN)', (s: SequenceQueryBuilder<any>) => s.take(NaN)],
  ])('%s throws a RangeError synchronously, before SQL', async (_, act) => {
    const error = await thrownBeforeSql(() => act(pubs()));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/skip|take/);
  });

  test("orderBy('isbn') throws UnknownFieldError naming isbn and the entity without it", async () => {
    const error = await thrownBeforeSql(() => pubs().orderBy('isbn' as any));
    expect(error).toBeInstanceOf(UnknownFieldError);
    expect(error).toBeInstanceOf(SequenceError);
    expect(error.name).toBe('UnknownFieldError');
    expect(error.message).toMatch(/isbn/);
    expect(error.message).toMatch(/Article|BlogPost/);
    // The message lists the fields the sequence can use.
    expect(error.message).toMatch(/title/);
  });

  test("orderBy('author.nme') and addOrderBy('medium') throw UnknownFieldError before SQL", async () => {
    const nested = await thrownBeforeSql(() => pubs().orderBy('author.nme' as any));
    expect(nested).toBeInstanceOf(UnknownFieldError);
    expect(nested.message).toMatch(/author\.nme/);
    const medium = await thrownBeforeSql(() =>
      pubs()
        .orderBy('title')
        .addOrderBy('medium' as any),
    );
    expect(medium).toBeInstanceOf(UnknownFieldError);
    expect(medium.message).toMatch(/medium.*(Book|BlogPost)/);
  });

  test("the message for orderBy('author.nme') offers Author's fields, as where({ author: { nme } }) does", async () => {
    const fromWhere = await thrownBeforeSql(() => pubs().where({ author: { nme: 'x' } } as any));
    expect(fromWhere.message).toMatch(/\bname\b/);
    const fromOrder = await thrownBeforeSql(() => pubs().orderBy('author.nme' as any));
    expect(fromOrder.message).toMatch(/\bname\b/);
  });

  test('where({ isbn }) and exclude({ author: { nme } }) throw UnknownFieldError before SQL', async () => {
    const top = await thrownBeforeSql(() => pubs().where({ isbn: '1' } as any));
    expect(top).toBeInstanceOf(UnknownFieldError);
    expect(top.message).toMatch(/isbn/);
    const nested = await thrownBeforeSql(() => pubs().exclude({ author: { nme: 'x' } } as any));
    expect(nested).toBeInstanceOf(UnknownFieldError);
    expect(nested.message).toMatch(/nme/);
    expect(nested.message).toMatch(/\bname\b/);
    const inArray = await thrownBeforeSql(() => pubs().orWhere([{ title: 'a' }, { likes: 1 } as any]));
    expect(inArray).toBeInstanceOf(UnknownFieldError);
    expect(inArray.message).toMatch(/likes/);
  });

  test("leftJoin('title') throws UnknownFieldError: title is not a relation", async () => {
    for (const join of ['leftJoin', 'leftJoinAndSelect', 'innerJoin', 'innerJoinAndSelect'] as const) {
      const error = await thrownBeforeSql(() => pubs()[join]('title'));
      expect(error).toBeInstanceOf(UnknownFieldError);
      expect(error.message).toMatch(/title/);
    }
    const missing = await thrownBeforeSql(() => pubs().leftJoin('author.nope'));
    expect(missing).toBeInstanceOf(UnknownFieldError);
    expect(missing.message).toMatch(/author\.nope/);
  });

  test('orderBy on a to-many relation throws IncompatibleOrderingError before SQL', async () => {
    const error = await thrownBeforeSql(() => pubs().orderBy('tags'));
    expect(error).toBeInstanceOf(IncompatibleOrderingError);
    expect(error).toBeInstanceOf(SequenceError);
    expect(error.message).toMatch(/tags/);
  });

  test('a paged builder passed to from() throws UnsupportedOperationError before SQL', async () => {
    const paged = db.dataSource.getRepository(Book).createQueryBuilder('item').take(3);
    const error = await thrownBeforeSql(() => SequenceQueryBuilder.from(paged));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toBeInstanceOf(SequenceError);
    expect(error.message).toMatch(/Book/);
  });

  test('getUnique() with several rows rejects with MultipleEntitiesFoundError', async () => {
    const seq = pubs()
      .where({ title: In(['apple pie', 'zebra']) })
      .orderBy('pages');
    await expect(seq.getUnique()).rejects.toBeInstanceOf(MultipleEntitiesFoundError);
    await expect(seq.getUnique()).rejects.toMatchObject({ name: 'MultipleEntitiesFoundError' });
    await expect(seq.getUnique()).rejects.toBeInstanceOf(SequenceError);
  });

  test("an empty result rejects with TypeORM's own EntityNotFoundError, not a SequenceError", async () => {
    const none = pubs().where({ pages: MoreThan(100000) });
    const error = await none.getOneOrFail().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityNotFoundError);
    expect(error).not.toBeInstanceOf(SequenceError);
    await expect(none.getUnique()).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  test('values travel as parameters, never as SQL text', async () => {
    const evil = "x'; DROP TABLE book; --";
    const seq = pubs().where({ title: evil }).orWhere('item.title = :t', { t: evil });
    const queries = seq.getQueries();
    expect(queries.map((q) => q.sql).join('\n')).not.toContain('DROP TABLE');
    expect(queries[0].parameters).toContain(evil);
    expect(await seq.getMany()).toEqual([]);
    expect(await pubs().where({ '#': 0 }).getCount()).toBe(6);
  });
});
