import { Lanes } from './lanes';

/**
 * The values as a multiset: an array in an order that depends only on the values, not on the order they are
 * given in. The fast path of symmetry reduction when interchangeable ids each own a record of data and nothing
 * else refers to them: `symmetry: (s) => multiset(Object.values(s.perProcess))`.
 *
 * The order is by fingerprint; values with equal fingerprints hash alike wherever they sit, so the array's
 * fingerprint is a function of the multiset.
 */
export function multiset<T>(values: Iterable<T>): T[] {
  const keyed = [...values].map((value) => ({ value, lanes: Lanes.of(value) }));
  keyed.sort((a, b) => a.lanes.compare(b.lanes));
  return keyed.map((k) => k.value);
}
