import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprint, InvalidValue } from '../../src/state/fingerprint';
import { describeInvalid } from '../../src/state/describe-invalid';

describe('fingerprint', () => {
  it('ignores record key order and Set/Map insertion order', () => {
    expect(fingerprint({ a: 1, b: [2, 3] })).toBe(fingerprint({ b: [2, 3], a: 1 }));
    expect(fingerprint(new Set([1, 2, 3]))).toBe(fingerprint(new Set([3, 1, 2])));
    expect(fingerprint(new Map([['x', 1], ['y', 2]]))).toBe(fingerprint(new Map([['y', 2], ['x', 1]])));
    expect(fingerprint(-0)).toBe(fingerprint(0));
  });

  it('respects array order and distinguishes kinds of values', () => {
    const values = [[1, 2], [2, 1], {}, [], new Set(), new Map(), null, 0, '0', false, true, 1.5, '', { a: 1 }, { b: 1 }, { a: 2 }, new Set([1]), [1], { '0': 1 }, new Map([[1, 2]]), new Map([[2, 1]])];
    const prints = values.map(fingerprint);
    expect(new Set(prints).size).toBe(values.length);
  });

  it('agrees with structural equality on random values', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -5, max: 5 }),
        fc.constantFrom('a', 'b', ''),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, value, (a, b) => {
        const equal = JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
        expect(fingerprint(a) === fingerprint(b)).toBe(equal);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the fingerprints it gave before strings were cached (graph keys and reports show them)', () => {
    const v = { a: 'working', b: [1, 2.5, null, true, 'r1'], s: new Set(['x', 'working']), m: new Map([['k', { z: -0, w: 'working' }]]) };
    expect([fingerprint(v), fingerprint(v), fingerprint('working')]).toEqual(['0b4f5178f587dbcf', '0b4f5178f587dbcf', 'bc526e864732965e']);
  });

  it('gives equal strings equal fingerprints whatever their identity, across cache hits and evictions', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i % 7}${'x'.repeat(i % 70)}${i}`);
    const first = words.map(fingerprint);
    expect(new Set(first).size).toBe(words.length);
    const copies = words.map((w) => w.split('').join(''));
    expect(copies.reverse().map(fingerprint)).toEqual([...first].reverse());
    expect(fingerprint({ working: 'working' })).toBe(fingerprint({ ['work' + 'ing']: ['wor', 'king'].join('') }));
  });

  it('rejects values a state may not hold, and describeInvalid names the path', () => {
    class Box {
      constructor(readonly x: number) {}
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { inner: cyclic };
    const cases: [unknown, string, RegExp][] = [
      [{ a: { b: undefined } }, '$.a.b', /undefined/],
      [{ f: () => 1 }, '$.f', /function/],
      [[1, NaN], '$[1]', /not finite/],
      [{ x: [Infinity] }, '$.x[0]', /not finite/],
      [{ s: Symbol('s') }, '$.s', /symbol/],
      [{ b: new Box(1) }, '$.b', /class Box/],
      [cyclic, '$.self.inner', /cycle/],
      [new Map([['k', { v: undefined }]]), '$.get("k").v', /undefined/],
    ];
    for (const [value, path, problem] of cases) {
      expect(() => fingerprint(value)).toThrow(InvalidValue);
      const found = describeInvalid(value);
      expect(found?.path).toBe(path);
      expect(found?.problem).toMatch(problem);
    }
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}
