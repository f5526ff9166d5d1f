/**
 * Compile-time checks of the SequenceRegistry (README "Building a sequence"; section 10 of the API contract, ../shared/API.md
 * outside this repository). Not a spec: `npm run typecheck` type-checks
 * this file and fails on an unexpected error or on a `@ts-expect-error` with nothing to expect. The
 * augmentation targets the package's own name, as an application's does (tsconfig `paths` maps it to src),
 * so it only takes effect if `sequenceOf` reads the interface the package exports.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { sequenceOf, type SequenceQueryBuilder, type SequenceRegistry } from 'typeorm-query-sequence';
import type { SequenceRepository } from 'typeorm-query-sequence/nestjs';
import type { Article, BlogPost, Book, Photo, Sketch, Video } from '../../entities';

// Names no other file uses: the augmentation is global to the program, and other type checks rely on
// 'publications' staying untyped.
declare module 'typeorm-query-sequence' {
  interface SequenceRegistry {
    'types-registry-publications': Book | Article | BlogPost;
    'types-registry-gallery': Photo | Sketch | Video;
  }
}

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

declare const ds: DataSource;
declare const manager: EntityManager;
declare const someName: string;

export function registeredNames(): void {
  const pubs = sequenceOf(ds, 'types-registry-publications');
  assertType<Equal<typeof pubs, SequenceQueryBuilder<Book | Article | BlogPost>>>();
  assertType<Equal<ReturnType<typeof pubs.getMany>, Promise<(Book | Article | BlogPost)[]>>>();
  pubs.orderBy('title').where({ author: { name: 'x' } });
  // @ts-expect-error no such field on the registered entities
  pubs.orderBy('doesNotExist');
  // @ts-expect-error isbn is only on Book
  pubs.where({ isbn: '1' });
  // @ts-expect-error likes is only on BlogPost
  pubs.select(['likes']);

  // With options and an EntityManager too; foreign-key columns are fields.
  const gallery = sequenceOf(manager, 'types-registry-gallery', { alias: 'g' });
  assertType<Equal<typeof gallery, SequenceQueryBuilder<Photo | Sketch | Video>>>();
  gallery.orderBy('ownerId').where({ ownerId: 1, owner: { username: 'x' } });
  // @ts-expect-error ownerRef (a @RelationId) is only on Sketch
  gallery.orderBy('ownerRef');

  // The registered union is there to name: a NestJS repository of a registered sequence.
  const repo = {} as SequenceRepository<SequenceRegistry['types-registry-publications']>;
  void repo.find({ order: { title: 'ASC' } });
  // @ts-expect-error isbn is only on Book
  void repo.find({ order: { isbn: 'ASC' } });
}

export function unregisteredNames(): void {
  // A name the registry does not hold keeps today's behaviour: any entity, any path.
  const loose = sequenceOf(ds, 'types-registry-not-registered');
  assertType<Equal<typeof loose, SequenceQueryBuilder<any>>>();
  loose.orderBy('doesNotExist');
  // A name only known at run time too.
  const _dynamic = sequenceOf(ds, someName);
  assertType<Equal<typeof _dynamic, SequenceQueryBuilder<any>>>();
  // The caller may still say what an unregistered name holds.
  const told = sequenceOf<Book | Article>(ds, 'types-registry-not-registered');
  assertType<Equal<typeof told, SequenceQueryBuilder<Book | Article>>>();
  // @ts-expect-error isbn is only on Book
  told.orderBy('isbn');
}
