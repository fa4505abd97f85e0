/**
 * Sets of records by value. A JS Set tells objects apart by reference, so `new Set([...s, { kind: 'ping' }])`
 * grows by one record each time it is built, even when an equal record is there; a state compares as a value,
 * and the checker refuses such a Set (IL302). These build Sets that hold one of each value: strings, numbers,
 * booleans and null as a Set does, objects (records, arrays, Sets, Maps) by their value.
 */
import { fingerprint } from './fingerprint';

const keyOf = (x: unknown): unknown => (typeof x === 'object' && x !== null ? `\u0000${fingerprint(x)}` : x);

/** A Set of `items` holding one of each value (the first of equal ones), e.g. `setOf({ to: 1 }, { to: 1 })` has size 1. */
export function setOf<T>(...items: readonly T[]): Set<T> {
  const seen = new Set<unknown>();
  const out = new Set<T>();
  for (const x of items) {
    const key = keyOf(x);
    if (seen.has(key)) continue;
    seen.add(key);
    out.add(x);
  }
  return out;
}

/** Whether `set` holds a value equal to `x`. */
export function hasValue<T>(set: ReadonlySet<T>, x: T): boolean {
  if (typeof x !== 'object' || x === null) return set.has(x);
  const key = keyOf(x);
  for (const y of set) if (typeof y === 'object' && y !== null && keyOf(y) === key) return true;
  return false;
}

/** `set` with `x` added unless it holds an equal value already (then `set` itself: states are immutable). */
export function addTo<T>(set: ReadonlySet<T>, x: T): Set<T> {
  if (hasValue(set, x)) return set as Set<T>;
  return new Set([...set, x]);
}

/** A new Set of the members of `set` not equal to `x`. */
export function removeFrom<T>(set: ReadonlySet<T>, x: T): Set<T> {
  const key = keyOf(x);
  return new Set([...set].filter((y) => keyOf(y) !== key));
}
