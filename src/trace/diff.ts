import { fingerprint, InvalidValue } from '../state/fingerprint';
import { MAX_NESTING } from '../state/value-limits';

/** One changed place between two states: a path (`$.tasks[1].pc`) with the value before and after. */
export interface Change {
  readonly path: string;
  /** Absent when the path was added. */
  readonly before?: unknown;
  /** Absent when the path was removed. */
  readonly after?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function key(path: string, k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  try {
    return fingerprint(a) === fingerprint(b);
  } catch (error) {
    // No state holds such a value (one from a file may): it differs from anything but itself.
    if (error instanceof InvalidValue) return false;
    throw error;
  }
}

/** Longest common subsequences are computed for at most this many pairs of elements; longer arrays go index by index. */
const MAX_LCS_CELLS = 250_000;

/** A key per element, equal exactly when `same` says the elements are equal. */
function elementKey(v: unknown, index: number): string {
  if (typeof v !== 'object' || v === null) return `${typeof v}:${String(v)}`;
  try {
    return `o${fingerprint(v)}`;
  } catch (error) {
    // Like `same`: a value no state can hold matches nothing.
    if (error instanceof InvalidValue) return `invalid${index}`;
    throw error;
  }
}

/**
 * The pairs of indexes (i in `a`, j in `b`) of a longest common subsequence of two key lists, in order.
 * Dynamic programming over the middle of the arrays, after their common prefix and suffix are taken off.
 */
function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_LCS_CELLS) return undefined;
  // len[i][j]: LCS length of a[start+i..endA) and b[start+j..endB), kept as one flat array.
  const len = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * (m + 1) + j] =
        a[start + i] === b[start + j] ? (len[(i + 1) * (m + 1) + j + 1] as number) + 1 : Math.max(len[(i + 1) * (m + 1) + j] as number, len[i * (m + 1) + j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < start; k++) pairs.push([k, k]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      pairs.push([start + i, start + j]);
      i++;
      j++;
    } else if ((len[(i + 1) * (m + 1) + j] as number) >= (len[i * (m + 1) + j + 1] as number)) i++;
    else j++;
  }
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

/**
 * Array changes as insertions and removals: elements kept in order (a longest common subsequence) are not
 * reported; between two kept ones, removed and inserted elements are paired up in order and compared
 * (a changed element), and those left over are reported as removed (at their index before) or inserted (at their
 * index after). So an element removed at the front is one removal, not every later element changed.
 */
function diffArrays(before: readonly unknown[], after: readonly unknown[], path: string, depth: number): Change[] {
  const pairs = commonSubsequence(before.map((v, i) => elementKey(v, i)), after.map((v, i) => elementKey(v, -1 - i)));
  const out: Change[] = [];
  if (pairs === undefined) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= after.length) out.push({ path: p, before: before[i] });
      else if (i >= before.length) out.push({ path: p, after: after[i] });
      else out.push(...diffStates(before[i], after[i], p, depth + 1));
    }
    return out;
  }
  let i = 0;
  let j = 0;
  for (const [ki, kj] of [...pairs, [before.length, after.length] as [number, number]]) {
    // Between anchors: before[i..ki) went, after[j..kj) came.
    while (i < ki && j < kj) {
      out.push(...diffStates(before[i], after[j], `${path}[${j}]`, depth + 1));
      i++;
      j++;
    }
    for (; i < ki; i++) out.push({ path: `${path}[${i}]`, before: before[i] });
    for (; j < kj; j++) out.push({ path: `${path}[${j}]`, after: after[j] });
    i = ki + 1;
    j = kj + 1;
  }
  return out;
}

/**
 * The places where `after` differs from `before`, as value semantics see them: records and Maps with string
 * keys are compared key by key, arrays as sequences (elements inserted or removed are reported as such: see
 * diffArrays),
 * and Sets (and other Maps) as whole values; below the nesting limit of states, whole values too.
 */
export function diffStates(before: unknown, after: unknown, path = '$', depth = 0): Change[] {
  if (same(before, after)) return [];
  if (depth >= MAX_NESTING) return [{ path, before, after }];
  if (isRecord(before) && isRecord(after)) {
    const out: Change[] = [];
    for (const k of Object.keys(before)) {
      if (!(k in after)) out.push({ path: key(path, k), before: before[k] });
      else out.push(...diffStates(before[k], after[k], key(path, k), depth + 1));
    }
    for (const k of Object.keys(after)) if (!(k in before)) out.push({ path: key(path, k), after: after[k] });
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path, depth);
  if (
    before instanceof Map &&
    after instanceof Map &&
    [...before.keys(), ...after.keys()].every((k) => typeof k === 'string')
  ) {
    const out: Change[] = [];
    for (const [k, v] of before) {
      const p = `${path}.get(${JSON.stringify(k)})`;
      if (!after.has(k)) out.push({ path: p, before: v });
      else out.push(...diffStates(v, after.get(k), p, depth + 1));
    }
    for (const [k, v] of after) if (!before.has(k)) out.push({ path: `${path}.get(${JSON.stringify(k)})`, after: v });
    return out;
  }
  return [{ path, before, after }];
}
