import { fingerprint } from './fingerprint';
import { MAX_NESTING } from './value-limits';

/** Where a value breaks the rules for states (see docs/values.md), what is there, and how to fix it. */
export interface InvalidPart {
  /** A path inside the value, e.g. `$.a[2].b`. */
  readonly path: string;
  readonly problem: string;
  readonly hint?: string;
}

const SET_HINT =
  "A Set compares its elements by reference but a state compares as a value, so equal elements would count as different states: build Sets of records with setOf(...) and addTo(set, x) (removeFrom(set, x) to take one out) from 'interleave', which keep one of equal values.";
const MAP_HINT = 'A Map compares its keys by reference but a state compares as a value: key the Map by strings or numbers (e.g. a key built from the record), or keep one entry per value.';

function preview(v: unknown): string {
  const text = JSON.stringify(v, (_k, x: unknown) => (x instanceof Set ? { Set: [...x] } : x instanceof Map ? { Map: [...x] } : x)) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Two object members of `items` equal as values (by fingerprint, as the checker compares them), if any. */
function equalPair(items: readonly unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x !== 'object' || x === null) continue;
    const key = fingerprint(x);
    const j = seen.get(key);
    if (j !== undefined) return [j, i];
    seen.set(key, i);
  }
  return undefined;
}

/**
 * Explains why `value` is not a plain value: a path inside it (`$.a[2].b`) and what was found there. Called once
 * a fingerprint has thrown `InvalidValue`; it stops at the nesting limit, so it cannot exhaust the stack either.
 */
export function describeInvalid(value: unknown): InvalidPart | undefined {
  const ancestors: object[] = [];
  function visit(v: unknown, path: string, depth: number): InvalidPart | undefined {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isFinite(v) ? undefined : { path, problem: `the number ${String(v)}, which is not finite` };
      case 'undefined':
        return { path, problem: 'undefined (use null, or leave the key out)' };
      case 'function':
        return { path, problem: 'a function' };
      case 'symbol':
        return { path, problem: 'a symbol' };
      case 'bigint':
        return { path, problem: 'a bigint (use a number or a string)' };
      default:
        break;
    }
    if (v === null) return undefined;
    const o = v as object;
    if (ancestors.includes(o)) return { path, problem: 'a reference back to one of its own ancestors (a cycle)' };
    if (depth > MAX_NESTING) {
      return {
        path: path.length > 120 ? `${path.slice(0, 60)}...${path.slice(-40)}` : path,
        problem: `a value nested more than ${MAX_NESTING} levels deep`,
        hint: `States may nest containers at most ${MAX_NESTING} levels deep (docs/values.md): flatten the structure, e.g. a list in an array instead of a chain of nested records.`,
      };
    }
    ancestors.push(o);
    try {
      if (Array.isArray(o)) {
        for (let i = 0; i < o.length; i++) {
          const r = visit(o[i], `${path}[${i}]`, depth + 1);
          if (r) return r;
        }
        return undefined;
      }
      const proto: unknown = Object.getPrototypeOf(o);
      if (proto === Object.prototype || proto === null) {
        for (const k of Object.keys(o)) {
          const r = visit((o as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, depth + 1);
          if (r) return r;
        }
        return undefined;
      }
      if (o instanceof Set) {
        const items = [...o];
        for (let i = 0; i < items.length; i++) {
          const r = visit(items[i], `${path}.<element ${i}>`, depth + 1);
          if (r) return r;
        }
        const pair = equalPair(items);
        if (pair) {
          return { path, problem: `a Set holding two elements equal as values (elements ${pair[0]} and ${pair[1]}: ${preview(items[pair[0]])})`, hint: SET_HINT };
        }
        return undefined;
      }
      if (o instanceof Map) {
        const keys = [...o.keys()];
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          const rk = visit(k, `${path}.<key ${i}>`, depth + 1);
          if (rk) return rk;
          const r = visit(o.get(k), `${path}.get(${typeof k === 'string' ? JSON.stringify(k) : `<key ${i}>`})`, depth + 1);
          if (r) return r;
        }
        const pair = equalPair(keys);
        if (pair) {
          return { path, problem: `a Map holding two keys equal as values (keys ${pair[0]} and ${pair[1]}: ${preview(keys[pair[0]])})`, hint: MAP_HINT };
        }
        return undefined;
      }
      const ctor = (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'unknown';
      return { path, problem: `an instance of class ${ctor} (states hold plain objects, arrays, Sets and Maps only)` };
    } finally {
      ancestors.pop();
    }
  }
  return visit(value, '$', 0);
}
