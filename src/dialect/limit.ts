/**
 * LIMIT/OFFSET with integers checked by skip()/take(), on a database whose form of "no limit" before an
 * OFFSET is `noLimit` (empty where OFFSET stands alone).
 */
export function limitClauseWith(
  noLimit: string,
): (skip: number | undefined, take: number | undefined) => string {
  return (skip, take) => {
    const offset = skip ? ` OFFSET ${skip}` : '';
    if (take !== undefined) return ` LIMIT ${take}${offset}`;
    return skip ? `${noLimit}${offset}` : '';
  };
}
