import { IncompatibleOrderingError } from '../errors';
import type { CommonKeyType, DescribedColumn } from './sql-dialect';

/** Every builder's value in `common` (but those already of that type), positions bound as it too. */
export function castTo(common: string, isCommon: (t: DescribedColumn) => boolean): CommonKeyType {
  return (own) => ({ cast: isCommon(own) ? undefined : common, param: common });
}

/** Numbers or dates of types the database has no one comparison for. */
export function refuseMixed(typed: readonly DescribedColumn[], path: () => string): void {
  if (!typed.some((t) => t.family === 'number' || t.family === 'date')) return;
  const fields = typed.map((t) => `${t.field} is ${t.type}`).join(', ');
  throw new IncompatibleOrderingError(
    path(),
    `${fields}: this database has no one type to compare them in. Give the entities columns of one type, ` +
      `or of types one converts to (an integer and a decimal, a date and a timestamp).`,
  );
}
