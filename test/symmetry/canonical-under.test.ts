import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalUnder } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';

// A ring of four nodes under rotation only (not every permutation): a group canonicalUnder takes as a list.
type Ring = readonly number[];
const rotations: ReadonlyMap<number, number>[] = [0, 1, 2, 3].map((k) => new Map([0, 1, 2, 3].map((i) => [i, (i + k) % 4])));
const rotate = (s: Ring, to: (i: number) => number): Ring => {
  const out: number[] = [];
  s.forEach((x, i) => {
    out[to(i)] = x;
  });
  return out;
};

describe('canonicalUnder', () => {
  const canon = canonicalUnder(rotations, rotate);
  const ring = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 });

  it('gives every rotation of a ring the same representative, and a reflection its own', () => {
    fc.assert(
      fc.property(ring, fc.integer({ min: 0, max: 3 }), (s, k) => {
        expect(fingerprint(canon(rotate(s, (i) => (i + k) % 4)))).toBe(fingerprint(canon(s)));
      }),
    );
    expect(fingerprint(canon([0, 1, 2, 2]))).not.toBe(fingerprint(canon([2, 2, 1, 0])));
  });

  it('counts the 24 necklaces of four beads in three colours (rotations only)', () => {
    const all: number[][] = [];
    for (let n = 0; n < 81; n++) all.push([n % 3, Math.floor(n / 3) % 3, Math.floor(n / 9) % 3, Math.floor(n / 27) % 3]);
    expect(new Set(all.map((s) => fingerprint(canon(s)))).size).toBe(24);
  });

  it('needs at least the identity', () => {
    expect(() => canonicalUnder([], rotate)).toThrow(Error);
  });
});
