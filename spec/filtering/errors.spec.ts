import { Like } from 'typeorm';
import { Article, Book } from '../../entities';
import { SequenceError, sequenceOf, UnknownFieldError, type SequenceQueryBuilder } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { labels, pubs } from './filtering-helpers';

const COMMON_FIELDS = ['author', 'id', 'pages', 'release', 'tags', 'title'];
const METHODS = ['where', 'andWhere', 'orWhere', 'exclude'] as const;

describeEachDialect('filtering: unknown fields', (db) => {
  beforeAll(() => seed(db));

  /** Calls `seq[method](condition)` expecting an UnknownFieldError, checks no SQL ran, returns the message. */
  async function unknownField(
    method: (typeof METHODS)[number],
    condition: unknown,
    seq: SequenceQueryBuilder<any> = pubs(db),
  ): Promise<string> {
    let error: unknown;
    const { queries } = await db.counted(async () => {
      try {
        (seq as any)[method](condition);
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(UnknownFieldError);
    expect(error).toBeInstanceOf(SequenceError);
    expect(queries).toEqual([]);
    return (error as Error).message;
  }

  it('a field only Book has: every method throws, naming the field, an entity without it and the common fields', async () => {
    for (const method of METHODS) {
      const message = await unknownField(method, { isbn: '111' });
      expect(message).toMatch(/isbn/);
      expect(message).toMatch(/Article|BlogPost/);
      for (const field of COMMON_FIELDS) expect(message).toContain(field);
    }
  });

  it('a field only Article has: every method throws', async () => {
    for (const method of METHODS) {
      const message = await unknownField(method, { medium: 'Wired' });
      expect(message).toMatch(/medium/);
      expect(message).toMatch(/Book|BlogPost/);
      expect(message).not.toMatch(/likes|isbn/);
      for (const field of COMMON_FIELDS) expect(message).toContain(field);
    }
  });

  it('a misspelt field of a nested relation: every method throws, listing the related fields', async () => {
    for (const method of METHODS) {
      const message = await unknownField(method, { author: { nme: 'x' } });
      expect(message).toMatch(/nme/);
      expect(message).toMatch(/\bname\b/);
    }
  });

  it('rejects unknown fields two relations deep and inside a to-many relation', async () => {
    expect(await unknownField('where', { author: { publisher: { nam: 'Penguin' } } })).toMatch(/nam\b/);
    expect(await unknownField('where', { tags: { label: 'django' } })).toMatch(/label/);
  });

  it('rejects an unknown field in any object of an array', async () => {
    const message = await unknownField('where', [{ title: 'cherry' }, { likes: Like('1%') }]);
    expect(message).toMatch(/likes/);
  });

  it("rejects it even when '#' keeps only the entity that has the field", async () => {
    expect(await unknownField('where', { '#': 0, isbn: '111' })).toMatch(/isbn/);
  });

  it('a field every entity of the sequence has is fine', async () => {
    const books = sequenceOf(db.dataSource, [Book]).where({ isbn: '111' });
    expect(labels(await books.getMany())).toEqual(['Book:1']);
    const two = sequenceOf(db.dataSource, [Book, Article]);
    expect(await unknownField('where', { isbn: '111' }, two)).toMatch(/Article/);
  });
});
