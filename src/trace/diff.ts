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

/**
 * The places where `after` differs from `before`, as value semantics see them: records and Maps with string
 * keys are compared key by key, arrays index by index (a change of length reports the added or removed tail),
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
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= after.length) out.push({ path: p, before: before[i] });
      else if (i >= before.length) out.push({ path: p, after: after[i] });
      else out.push(...diffStates(before[i], after[i], p, depth + 1));
    }
    return out;
  }
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
