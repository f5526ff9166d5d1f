/*
 * TypeORM's metadata classes, as types. ColumnMetadata (and, in 0.3.x, RelationMetadata) is not exported
 * from TypeORM's root: outside src/typeorm/ every TypeORM type comes from 'typeorm' or from here, never
 * from a deep `typeorm/…` path.
 */
export type { EntityMetadata } from 'typeorm';
export type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
export type { RelationMetadata } from 'typeorm/metadata/RelationMetadata';
