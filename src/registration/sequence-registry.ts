/**
 * The entity types of named sequences, for `sequenceOf(source, name)`. Empty here: an application adds its
 * names by augmenting it, and `sequenceOf(ds, 'publications')` is then a
 * `SequenceQueryBuilder<Book | Article | BlogPost>` (a name not in it stays `SequenceQueryBuilder<any>`).
 * It is not checked against what `@Sequenced` registers at run time.
 *
 * @example
 * ```ts
 * declare module 'typeorm-query-sequence' {
 *   interface SequenceRegistry {
 *     publications: Book | Article | BlogPost;
 *   }
 * }
 * const pubs = sequenceOf(ds, 'publications'); // SequenceQueryBuilder<Book | Article | BlogPost>
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SequenceRegistry {}

/** The entity union registered for a name of the SequenceRegistry. */
export type RegisteredEntity<N extends keyof SequenceRegistry> = Extract<SequenceRegistry[N], object>;
