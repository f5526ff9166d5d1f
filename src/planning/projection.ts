import type { Member } from '../model/member';
import { SEQUENCE_INDEX } from '../model/sequence-index';
import { UnknownFieldError } from '../errors';
import { checkPath } from '../metadata/names';
import { isFieldColumn, isToMany, joinPathsOf, resolvePath, suggestedFields } from '../metadata/resolve-path';
import type { SortSource } from '../model/member-sort-key';

export interface ValueColumn {
  /** Column name in the key query (`seq_v<#>_<n>`): each builder fills its own. */
  readonly name: string;
  /** The path the value is returned under (`'title'`, `'author.name'`, `'#'`). */
  readonly path: string;
  readonly source: SortSource;
}

/** Values a getValues()/getTuples()/pluck() reads straight from the key query, per builder `#`. */
export type Projection = ReadonlyMap<number, readonly ValueColumn[]>;

/** Checks value paths before any SQL: `'#'` or a column path (through to-one relations) on every entity. */
export function checkValuePaths(method: string, paths: readonly string[], members: readonly Member[]): void {
  for (const path of paths) {
    if (path !== SEQUENCE_INDEX) checkPath(path, `${method}(paths)`);
    for (const member of members) valueSource(path, member, members);
  }
}

function valueSource(path: string, member: Member, members: readonly Member[]): SortSource {
  if (path === SEQUENCE_INDEX) return { kind: 'index' };
  const resolved = typeof path === 'string' ? resolvePath(member.metadata, path) : undefined;
  if (!resolved?.column || resolved.relations.some(isToMany)) {
    throw new UnknownFieldError(
      String(path),
      member.metadata.name,
      suggestedFields(
        String(path),
        members.map(({ metadata }) => metadata),
      ),
      resolved ? 'a value must be a column, reached through to-one relations only' : undefined,
    );
  }
  const joinPaths = joinPathsOf(resolved);
  return { kind: 'column', joinPath: joinPaths[joinPaths.length - 1] ?? '', column: resolved.column };
}

/** The value columns of each builder: the given paths, or (none given) `'#'` and every column of its entity. */
export function planProjection(paths: readonly string[], members: readonly Member[]): Projection {
  return new Map(
    members.map((member) => {
      const wanted = paths.length
        ? paths
        : [SEQUENCE_INDEX, ...member.metadata.columns.filter(isFieldColumn).map((c) => c.propertyPath)];
      const columns = wanted.map((path, j) => ({
        name: `seq_v${member.index}_${j}`,
        path,
        source: valueSource(path, member, members),
      }));
      return [member.index, columns];
    }),
  );
}

export function projectionJoinPaths(projection: Projection | undefined, member: Member): string[] {
  const paths = new Set<string>();
  for (const { source } of projection?.get(member.index) ?? []) {
    if (source.kind !== 'column' || !source.joinPath) continue;
    const parts = source.joinPath.split('.');
    parts.forEach((_, i) => paths.add(parts.slice(0, i + 1).join('.')));
  }
  return [...paths];
}
