/*
 * The one boundary to TypeORM. Every non-public TypeORM member this package relies on (the builder's
 * expression map, protected methods, JoinAttribute internals, the transformer getMany() hydrates with,
 * names that differ between TypeORM 0.3.x and 1.x) and every deep `typeorm/…` import is used in
 * src/typeorm/ only, each behind a named function; the rest of src/ imports them from here (ESLint
 * enforces it). TYPEORM_CONTRACT lists the members with the shape expected of each; the contract spec
 * checks them on every database and both TypeORM majors.
 *
 * Public, and so usable anywhere: what TypeORM's root exports and documents (DataSource, EntityManager,
 * SelectQueryBuilder's methods and `alias`, EntityMetadata, the `Driver` interface's `escape`,
 * `normalizeType`, `version` and `options`). Metadata types TypeORM's root does not export (ColumnMetadata,
 * RelationMetadata) are re-exported here as types.
 */
export * from './columns';
export * from './contract';
export * from './data-source';
export * from './expression-map';
export * from './hydration';
export * from './joins';
export type * from './types';
export * from './version';
export * from './where';
