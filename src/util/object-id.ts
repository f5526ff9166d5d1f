const ids = new WeakMap<object, number>();
let next = 0;

/**
 * A number per object (a DataSource, an entity's metadata, an entity class) for cache keys, held weakly.
 * Never written into SQL: it depends on what the process saw first.
 */
export function objectId(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = next++;
    ids.set(object, id);
  }
  return id;
}
