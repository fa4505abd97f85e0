import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multiset } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';

const element = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'), fc.tuple(fc.boolean(), fc.constantFrom('x', 'y')));

describe('multiset', () => {
  it('does not depend on the order the values come in', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 8 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))), ([xs, shuffled]) => {
        expect(fingerprint(multiset(shuffled))).toBe(fingerprint(multiset(xs)));
        expect(multiset(shuffled)).toEqual(multiset(xs));
      }),
    );
  });

  it('keeps repeated values and tells different multisets apart', () => {
    expect(multiset(['a', 'a', 'b'])).toHaveLength(3);
    const prints = ([['a', 'a', 'b'], ['a', 'b', 'b'], ['a', 'b'], [[1, 2]], [[2, 1]]] as unknown[][]).map((xs) => fingerprint(multiset(xs)));
    expect(new Set(prints).size).toBe(5);
  });

  it('sorts a Set of records into the same array whatever their insertion order', () => {
    const a = new Set([{ type: 'Prepared', rm: 'r2' }, { type: 'Commit' }]);
    const b = new Set([{ type: 'Commit' }, { rm: 'r2', type: 'Prepared' }]);
    expect(multiset(a)).toEqual(multiset(b));
  });
});
