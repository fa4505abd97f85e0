import { expect, test } from 'vitest';
import fc from 'fast-check';
import { checkLiveness } from '../../src/liveness/check-liveness';
import { strong, weak } from '../../src/liveness/constructors';
import type { Property } from '../../src/model/property';
import type { AnyModel } from '../../src/model/types';
import type { TraceStep } from '../../src/check/result';
import { graphModel, type Edge, type GraphAction } from './graph-model';
import { lassoProblem, referencePrefix, type RandomCase } from './brute-force';

const TYPES = ['a', 'b', 'c'] as const;

const randomCase: fc.Arbitrary<RandomCase> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    init: fc.array(fc.nat(4), { minLength: 1, maxLength: 2 }),
    edges: fc.array(fc.tuple(fc.nat(4), fc.nat(4), fc.constantFrom(...TYPES)), { maxLength: 12 }),
    fairness: fc.array(
      fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const), types: fc.subarray([...TYPES], { minLength: 1 }) }),
      { maxLength: 3 },
    ),
    kind: fc.constantFrom<Property['kind']>('eventually', 'leadsTo', 'alwaysEventually', 'eventuallyAlways', 'always'),
    p: fc.nat(31),
    q: fc.nat(31),
  })
  .map((r) => ({
    ...r,
    init: r.init.map((v) => v % r.n),
    edges: r.edges.map(([a, b, t]): Edge => [a % r.n, b % r.n, t]),
  }));

function propertyOf(c: RandomCase): Property<number, Record<string, never>> {
  const p = (s: number) => ((c.p >> s) & 1) === 1;
  const q = (s: number) => ((c.q >> s) & 1) === 1;
  return c.kind === 'leadsTo' ? { kind: 'leadsTo', p, q } : { kind: c.kind, p };
}

test('the checker agrees with a brute-force reference on random small graphs', () => {
  const seen = { holds: 0, violated: 0, longLoop: 0 };
  fc.assert(
    fc.property(randomCase, (c) => {
      const model = graphModel({
        init: c.init,
        edges: c.edges,
        fairness: c.fairness.map((f) => (f.kind === 'weak' ? weak<GraphAction>(f.types) : strong<GraphAction>(f.types))),
        properties: { Prop: propertyOf(c) },
      });
      const out = checkLiveness(model as unknown as AnyModel, {}, { maxStates: Infinity, timeLimitMs: Infinity });
      const verdict = out.properties[0];
      const expected = referencePrefix(c);
      if (expected === undefined) {
        expect(verdict?.status).toBe('holds');
        seen.holds++;
        return;
      }
      expect(verdict?.status).toBe('violated');
      const v = verdict?.violation;
      expect(v?.kind).toBe('liveness');
      const trace = (v?.trace ?? []) as readonly TraceStep<number, GraphAction>[];
      expect(lassoProblem(c, trace, v?.loopStart ?? -1)).toBe('');
      expect(v?.loopStart).toBe(expected);
      seen.violated++;
      if (trace.length - 1 - (v?.loopStart ?? 0) >= 2) seen.longLoop++;
    }),
    { numRuns: 2000, seed: 20240607 },
  );
  // The sample must exercise both answers and loops of more than one step.
  expect(seen.holds).toBeGreaterThan(200);
  expect(seen.violated).toBeGreaterThan(200);
  expect(seen.longLoop).toBeGreaterThan(50);
});
