/**
 * Compile-time check of the rename of paginate()'s result type: `SequenceConnection<T>` is the type, and the
 * deprecated `Connection<T>` (the old name, which clashed with TypeORM's `Connection`) is still exported as the
 * same type. Not a spec: `npm run typecheck` type-checks it.
 */
import type { Book } from '../../entities';
import type { Connection, SequenceConnection, SequenceEdge, SequenceQueryBuilder } from '../../src';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

export async function connectionNames(): Promise<void> {
  assertType<Equal<Connection<Book>, SequenceConnection<Book>>>();
  assertType<Equal<Awaited<ReturnType<SequenceQueryBuilder<Book>['paginate']>>, SequenceConnection<Book>>>();
  assertType<Equal<SequenceConnection<Book>['edges'][number], SequenceEdge<Book>>>();
}
