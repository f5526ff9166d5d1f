import { BlogPost, Book } from '../../entities';
import {
  IncompatibleOrderingError,
  SequenceError,
  SequenceQueryBuilder,
  UnknownFieldError,
  sequenceOf,
} from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

describeEachDialect('ordering errors', (db) => {
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const bookAndPost = () =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('b'),
      db.dataSource.getRepository(BlogPost).createQueryBuilder('p'),
    );

  beforeAll(() => seed(db));

  /** Runs `call` synchronously, returning what it threw and the statements that ran meanwhile. */
  const thrownBy = async (call: () => unknown) => {
    const { result, queries } = await db.counted(async () => {
      try {
        call();
      } catch (error) {
        return error;
      }
      return undefined;
    });
    return { error: result as Error | undefined, queries };
  };

  it("orderBy('id') on Book (int id) and BlogPost (varchar id) throws IncompatibleOrderingError", async () => {
    const { error, queries } = await thrownBy(() => bookAndPost().orderBy('id'));
    expect(error).toBeInstanceOf(IncompatibleOrderingError);
    expect(error).toBeInstanceOf(SequenceError);
    expect(error!.message).toMatch(/'id'/);
    expect(queries).toEqual([]);
  });

  it("addOrderBy('id') throws IncompatibleOrderingError too", async () => {
    const seq = bookAndPost().orderBy('title');
    expect(() => seq.addOrderBy('id', 'DESC')).toThrow(IncompatibleOrderingError);
  });

  it("orderBy('id') is fine when every entity has an integer key", async () => {
    const result = await sequenceOf(db.dataSource, [Book]).orderBy('id', 'DESC').getMany();
    expect(result.map((b) => b.id)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("orderBy('isbn') (Book only) throws UnknownFieldError naming 'isbn', before any SQL", async () => {
    const { error, queries } = await thrownBy(() => pubs().orderBy('isbn'));
    expect(error).toBeInstanceOf(UnknownFieldError);
    expect(error!.message).toMatch(/isbn/);
    expect(queries).toEqual([]);
  });

  it('an unknown nested path throws UnknownFieldError naming it', () => {
    expect(() => pubs().orderBy('author.nickname')).toThrow(UnknownFieldError);
    expect(() => pubs().orderBy('author.nickname')).toThrow(/nickname/);
  });

  it("orderBy('tags.name') over a to-many relation throws IncompatibleOrderingError, before any SQL", async () => {
    const { error, queries } = await thrownBy(() => pubs().orderBy('tags.name'));
    expect(error).toBeInstanceOf(IncompatibleOrderingError);
    expect(error!.message).toMatch(/tags/);
    expect(queries).toEqual([]);
  });

  it("orderBy('tags') (a to-many relation itself) throws IncompatibleOrderingError", () => {
    expect(() => pubs().orderBy('tags')).toThrow(IncompatibleOrderingError);
  });

  it('a failed orderBy() leaves the receiver usable and unchanged', async () => {
    const seq = pubs().orderBy('pages', 'DESC');
    expect(() => seq.orderBy('isbn')).toThrow(UnknownFieldError);
    const got = await seq.take(1).getMany();
    expect(got.map((e) => e.pages)).toEqual([300]);
  });
});
