/**
 * What a search leaves of the states it visited, for traces and reports: how many, the bytes they took, and per
 * state id its parent and the index of the action that reached it (for an initial state: its index in `init`).
 */
export interface VisitedStates {
  readonly size: number;
  readonly bytes: number;
  parentOf(id: number): number;
  actionOf(id: number): number;
  /** The ids from an initial state to `id`, in order. */
  pathTo(id: number): number[];
  /** The fingerprint recorded for `id` (16 hex digits), to check a replay against; '' when none was. */
  fingerprintOf(id: number): string;
}

/** The ids from an initial state to `id`, following parent pointers. */
export function pathTo(states: Pick<VisitedStates, 'parentOf'>, id: number): number[] {
  const path: number[] = [];
  for (let at = id; at >= 0; at = states.parentOf(at)) path.push(at);
  return path.reverse();
}

/**
 * The table slot of a fingerprint, as a fraction of 2^32 to be scaled to the capacity (which need not be a
 * power of two). Mixed again so that fingerprints that are not well spread (as in tests) do not pile up.
 */
export function slotHash(h1: number, h2: number): number {
  let x = Math.imul(h1, 0x9e3779b1) ^ h2;
  x = Math.imul(x ^ (x >>> 15), 0x85ebca6b);
  return (x ^ (x >>> 13)) >>> 0;
}
