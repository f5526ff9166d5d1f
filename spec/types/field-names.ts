/**
 * Compile-time checks of the field names a sequence takes (README "Building a sequence": names common to every
 * entity; section 9 of the API contract, ../shared/API.md outside this repository). Not a spec: `npx tsc --noEmit -p .` (part of `npm test`)
 * type-checks this file, and fails on an error below that is not expected, or on a `@ts-expect-error`
 * that has nothing to expect (an invalid path the types let through).
 */
import { In, Like, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf, type FieldPath, type SequencePath } from '../../src';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

declare const seq: SequenceQueryBuilder<Book | Article | BlogPost>;
declare const bookQb: SelectQueryBuilder<Book>;
declare const articleQb: SelectQueryBuilder<Article>;
declare const postQb: SelectQueryBuilder<BlogPost>;
declare const ds: DataSource;

export function validPaths(): SequenceQueryBuilder<Book | Article | BlogPost>[] {
  return [
    seq.orderBy('title'),
    seq.orderBy('#', 'DESC'),
    seq.orderBy('release', 'ASC', 'NULLS LAST'),
    seq.orderBy('author'),
    seq.orderBy('author.name'),
    seq.orderBy('author.publisher.name'),
    seq.addOrderBy('pages', 'DESC'),
    seq.where({ title: Like('a%'), author: { name: 'x' } }),
    seq.where({ '#': In([0]) }),
    seq.where({ '#': 1, pages: 3 }),
    seq.andWhere([{ title: 'a' }, { author: { publisher: { name: 'p' } } }]),
    seq.exclude({ release: '2020-01-01' }),
    seq.where('item.pages > :n', { n: 5 }),
  ];
}

export function invalidPaths(): unknown[] {
  return [
    // @ts-expect-error isbn is only on Book
    seq.orderBy('isbn'),
    // @ts-expect-error medium is only on Article
    seq.orderBy('medium'),
    // @ts-expect-error likes is only on BlogPost
    seq.orderBy('likes'),
    // @ts-expect-error isbn is only on Book
    seq.where({ isbn: '1' }),
    // @ts-expect-error Author has no nme
    seq.orderBy('author.nme'),
    // @ts-expect-error no such field
    seq.orderBy('nope'),
    // @ts-expect-error likes is only on BlogPost
    seq.addOrderBy('likes'),
    // @ts-expect-error medium is only on Article
    seq.exclude({ medium: 'Wired' }),
    // @ts-expect-error Author has no nme
    seq.where({ author: { nme: 'x' } }),
    // @ts-expect-error Publisher has no title
    seq.orderBy('author.publisher.title'),
    // @ts-expect-error not a direction
    seq.orderBy('title', 'UP'),
  ];
}

export function inference(): void {
  const two = SequenceQueryBuilder.from(bookQb, articleQb);
  assertType<Equal<typeof two, SequenceQueryBuilder<Book | Article>>>();
  assertType<Equal<ReturnType<typeof two.getMany>, Promise<(Book | Article)[]>>>();
  assertType<Equal<ReturnType<typeof two.getOne>, Promise<Book | Article | null>>>();
  assertType<Equal<ReturnType<typeof two.getCount>, Promise<number>>>();

  // Every derived sequence keeps the entity type.
  const _derived = two.where({ title: 'a' }).orderBy('pages').reverse().skip(1).take(2).clone();
  assertType<Equal<typeof _derived, SequenceQueryBuilder<Book | Article>>>();

  const _three = SequenceQueryBuilder.from(bookQb, articleQb, postQb);
  assertType<Equal<typeof _three, SequenceQueryBuilder<Book | Article | BlogPost>>>();

  // With two entities, a field of one of them is still not a common field.
  // @ts-expect-error isbn is only on Book
  two.orderBy('isbn');
  // @ts-expect-error medium is only on Article
  two.where({ medium: 'Wired' });

  // sequenceOf with a list of entity classes infers the union too.
  const _listed = sequenceOf(ds, [Book, Article], { alias: 'x' });
  assertType<Equal<typeof _listed, SequenceQueryBuilder<Book | Article>>>();

  // A named sequence is untyped unless the caller says what it holds.
  const named = sequenceOf(ds, 'publications');
  named.orderBy('anything.at.all');
  const typed = sequenceOf<Book | Article | BlogPost>(ds, 'publications');
  assertType<Equal<ReturnType<typeof typed.getMany>, Promise<(Book | Article | BlogPost)[]>>>();
  // @ts-expect-error likes is only on BlogPost
  typed.orderBy('likes');

  // The exported path types.
  assertType<Equal<Extract<FieldPath<Book | Article>, 'isbn' | 'medium'>, never>>();
  assertType<
    Equal<Extract<SequencePath<Book | Article>, '#' | 'title' | 'author.name'>, '#' | 'title' | 'author.name'>
  >();
}
