import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../typeorm/internals';
import { memo } from '../util/memo';

/** Where a property path such as `'author.publisher.name'` leads on one entity. */
export interface ResolvedPath {
  /** Relations walked from the root entity, e.g. `['author', 'publisher']`. */
  readonly relations: readonly RelationMetadata[];
  /** The column the path ends at, unless it ends at a relation. */
  readonly column?: ColumnMetadata;
  /** The relation the path ends at (`'author'`), unless it ends at a column. */
  readonly relation?: RelationMetadata;
  /** Entity that owns the final column or relation. */
  readonly owner: EntityMetadata;
}

const prefixSets = new WeakMap<EntityMetadata, ReadonlySet<string>>();

/** The dotted prefixes of an entity's column and relation paths: `'meta'` for `'meta.views'`. */
function prefixesOf(metadata: EntityMetadata): ReadonlySet<string> {
  return memo(prefixSets, metadata, () => {
    const prefixes = new Set<string>();
    for (const { propertyPath } of [...metadata.columns, ...metadata.relations]) {
      for (let dot = propertyPath.indexOf('.'); dot > 0; dot = propertyPath.indexOf('.', dot + 1))
        prefixes.add(propertyPath.slice(0, dot));
    }
    return prefixes;
  });
}

/**
 * Resolves a property path (relations and embeddeds included) against entity metadata. Each name is looked
 * up once, on a prefix that some property path of the current entity starts with, so the work is linear in
 * the path's length (a name no path continues with ends it).
 */
export function resolvePath(metadata: EntityMetadata, path: string): ResolvedPath | undefined {
  const parts = path.split('.');
  const relations: RelationMetadata[] = [];
  let owner = metadata;
  let prefix: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    prefix = prefix === undefined ? parts[i] : `${prefix}.${parts[i]}`;
    const last = i === parts.length - 1;
    const relation = owner.findRelationWithPropertyPath(prefix);
    if (relation) {
      if (last) return { relations, relation, owner };
      relations.push(relation);
      owner = relation.inverseEntityMetadata;
      prefix = undefined;
    } else if (last) {
      const column = owner.findColumnWithPropertyPath(prefix);
      if (column && isFieldColumn(column)) return { relations, column, owner };
    } else if (!prefixesOf(owner).has(prefix)) {
      return undefined;
    }
  }
  return undefined;
}

/** The relation property paths a resolved path needs joined: `['author', 'author.publisher']`. */
export function joinPathsOf(resolved: ResolvedPath): string[] {
  const paths: string[] = [];
  let path = '';
  for (const relation of resolved.relations) {
    path = path ? `${path}.${relation.propertyPath}` : relation.propertyPath;
    paths.push(path);
  }
  return paths;
}

/**
 * Can a user name this column as a field? Every column but a join column TypeORM makes itself for a
 * relation (virtual: no property of its own, its path is the relation's, `'author.id'`). A foreign key
 * declared as its own property (`@Column() ownerId` next to `@ManyToOne() owner`) is a field like any column.
 */
export function isFieldColumn(column: ColumnMetadata): boolean {
  return !column.relationMetadata || !column.isVirtual;
}

/** The top-level fields a user can name on an entity: columns (foreign keys declared as properties too) and relations. */
export function fieldsOf(metadata: EntityMetadata): string[] {
  const columns = metadata.columns.filter(isFieldColumn).map((c) => c.propertyPath);
  const relations = metadata.relations.map((r) => r.propertyPath);
  return [...new Set([...columns, ...relations])];
}

export function commonFieldsOf(metadatas: readonly EntityMetadata[]): string[] {
  if (metadatas.length === 0) return [];
  const [first, ...rest] = metadatas.map(fieldsOf);
  return first.filter((field) => rest.every((fields) => fields.includes(field))).sort();
}

export function isToMany(relation: RelationMetadata): boolean {
  return relation.isOneToMany || relation.isManyToMany;
}

/**
 * The fields to suggest for an unknown path: those of the entity its last known relation leads to
 * (`'author.nme'` lists Author's fields), else the fields every root entity has.
 */
export function suggestedFields(path: string, metadatas: readonly EntityMetadata[]): string[] {
  const dot = path.lastIndexOf('.');
  if (dot > 0) {
    const targets = metadatas.map((m) => resolvePath(m, path.slice(0, dot))?.relation?.inverseEntityMetadata);
    if (targets.every((t): t is EntityMetadata => !!t)) return commonFieldsOf(targets);
  }
  return commonFieldsOf(metadatas);
}
