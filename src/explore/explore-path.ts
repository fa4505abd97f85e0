/** A request the explorer refuses (HTTP 400): a malformed path or one the model's states do not have. */
export class BadPath extends Error {
  override readonly name = 'BadPath';
}

/**
 * Parses an explorer path: the index of an initial state, then indices into each state's list of enabled
 * successors, separated by commas (`0,3,1`, as the API takes it) or dots (`0.3.1`, as URLs show it).
 */
export function parsePath(raw: string | null | undefined): number[] {
  if (raw === null || raw === undefined || raw.trim() === '') {
    throw new BadPath('No path given: pass path=<init>,<step>,... starting with the index of an initial state, e.g. path=0.');
  }
  const parts = raw.trim().split(/[.,]/);
  return parts.map((p) => {
    if (!/^\d{1,9}$/.test(p)) throw new BadPath(`Path "${raw}" is malformed: "${p}" is not an index (a whole number from 0). Write it as 0,3,1 or 0.3.1.`);
    return Number(p);
  });
}

/** A path as URLs show it: `0.3.1`. */
export function formatExplorePath(path: readonly number[]): string {
  return path.join('.');
}
