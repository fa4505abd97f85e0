/** The ids a symmetry permutes: task numbers, resource-manager names, bucket indices. */
export type Id = string | number;

/** A total order on ids (numbers before strings), so that the slots ids are renamed into do not depend on list order. */
export function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ids sorted; throws on a repeated id, which no permutation of a set can have. */
export function sortedIds<I extends Id>(ids: readonly I[]): I[] {
  const out = [...ids].sort(compareIds);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new Error(`Symmetry ids must be distinct, but ${JSON.stringify(out[i])} is listed twice.`);
  }
  return out;
}
