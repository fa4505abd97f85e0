import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, defineModel } from 'interleave';

type S = { readonly x: number; readonly y: number };
type A = { readonly type: 'X' | 'Y' };

/** mulberry32: a small seeded source, drawn from by `next` (so the model is not deterministic). */
function seeded(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  readonly seed: number;
  readonly size: number;
  /** Values of x where the Y step draws its y at random (0..2) instead of y + 1 mod 3. */
  readonly randomAt: readonly number[];
  readonly bad: S;
}

function modelOf(shape: Shape) {
  const draw = seeded(shape.seed);
  return defineModel<S, A, Record<string, never>>({
    name: 'coin-flipper',
    params: {},
    init: () => [{ x: 0, y: 0 }],
    actions: () => [{ type: 'X' }, { type: 'Y' }],
    next: (s, a) => {
      if (a.type === 'X') return s.x + 1 < shape.size ? { ...s, x: s.x + 1 } : undefined;
      return { ...s, y: shape.randomAt.includes(s.x) ? Math.floor(draw() * 3) : (s.y + 1) % 3 };
    },
    invariants: { NotBad: (s) => !(s.x === shape.bad.x && s.y === shape.bad.y) },
    deadlock: false,
  });
}

/** The states `next` may give for `action` in `s`, whatever it draws. */
function possible(shape: Shape, s: S, action: A): S[] {
  if (action.type === 'X') return s.x + 1 < shape.size ? [{ ...s, x: s.x + 1 }] : [];
  return shape.randomAt.includes(s.x) ? [0, 1, 2].map((y) => ({ ...s, y })) : [{ ...s, y: (s.y + 1) % 3 }];
}

const shapes = fc.record({
  seed: fc.integer(),
  size: fc.integer({ min: 2, max: 5 }),
  randomAt: fc.subarray([0, 1, 2, 3, 4]),
  bad: fc.record({ x: fc.integer({ min: 0, max: 4 }), y: fc.integer({ min: 0, max: 2 }) }),
});

describe('a model that is not deterministic', () => {
  it('never yields a counterexample that is not one: every reported trace is a behaviour that breaks the invariant, or the verdict is IL303', () => {
    let reported = 0;
    let refused = 0;
    fc.assert(
      fc.property(shapes, (shape) => {
        const r = check(modelOf(shape));
        if (r.verdict === 'error') {
          expect(r.error.code).toBe('IL303');
          refused++;
          return;
        }
        if (r.verdict !== 'violation') return;
        reported++;
        const trace = r.violations[0]!.trace;
        expect(trace[0]!.state).toEqual({ x: 0, y: 0 });
        for (let i = 1; i < trace.length; i++) {
          expect(possible(shape, trace[i - 1]!.state as S, trace[i]!.action as A)).toContainEqual(trace[i]!.state);
        }
        expect(trace.at(-1)!.state).toEqual(shape.bad);
      }),
      { numRuns: 150, seed: 20261207 },
    );
    // Both outcomes occur: the property is not vacuous.
    expect(reported).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
