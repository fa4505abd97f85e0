import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import twoPhase from '../../models/conformance/two-phase';
import race from '../../models/alloc/early-bucket-race';
import { twoPhaseMultiset, twoPhaseSymmetry } from '../symmetry/two-phase-symmetry';
import { raceSymmetry } from '../symmetry/early-bucket-race-symmetry';

/**
 * check() with a model's symmetry hook: one state per equivalence class is kept, verdicts and shortest traces
 * do not change. The class counts equal test/symmetry's brute-force counts (reduced-search.ts).
 */
describe('symmetry reduction in check()', () => {
  it('TwoPhase RM=6: 553 classes instead of 50,816 states, same depth, still no violation', () => {
    const full = check(twoPhase, { params: { rm: 6 } });
    const reduced = check(defineModel({ ...twoPhase, symmetry: twoPhaseSymmetry }), { params: { rm: 6 } });
    expect([full.verdict, full.distinctStates, full.depth]).toEqual(['ok', 50_816, 20]);
    expect([reduced.verdict, reduced.distinctStates, reduced.generatedStates, reduced.depth]).toEqual(['ok', 553, 4_328, 20]);
    expect(reduced.search).toEqual({ strategy: 'bfs', workers: 1, symmetry: true });
  });

  it('TwoPhase RM=8 and RM=10: 1,461 and 3,300 classes (of 1,745,408 and 61,515,776 states), TLC depths 26 and 32', () => {
    const reduced = defineModel({ ...twoPhase, symmetry: twoPhaseMultiset });
    const at = (rm: number) => {
      const r = check(reduced, { params: { rm } });
      return [r.verdict, r.distinctStates, r.generatedStates, r.depth];
    };
    expect(at(8)).toEqual(['ok', 1_461, 15_287, 26]);
    expect(at(10)).toEqual(['ok', 3_300, 43_298, 32]);
  });

  it('early bucket race 3 tasks x 3 buckets: 433 classes, the same violations with the same shortest lengths', () => {
    const params = { variant: 'buggy', tasks: 3, buckets: 3 };
    const full = check(race, { params, continue: true });
    const reduced = check(defineModel({ ...race, symmetry: raceSymmetry }), { params, continue: true });
    expect(full.distinctStates).toBe(12_604);
    expect([reduced.distinctStates, reduced.generatedStates, reduced.depth]).toEqual([433, 1_349, 22]);
    const shape = (r: typeof full) => r.violations.map((v) => [v.name, v.trace.length]);
    expect(shape(reduced)).toEqual(shape(full));
    expect(shape(reduced)).toEqual([
      ['LockedKeyIsCurrent', 6],
      ['NoDoubleAllocation', 10],
    ]);
    // The trace is a real behaviour of the model: replaying it step by step gives the same states.
    const trace = reduced.violations[1]!.trace;
    let state = trace[0]!.state;
    for (const step of trace.slice(1)) {
      state = race.next(state as never, step.action as never, reduced.params as never) as typeof state;
      expect(state).toEqual(step.state);
    }
  });

  it('a symmetry hook that throws is reported as the model failing (IL301)', () => {
    const broken = defineModel({
      ...twoPhase,
      symmetry: () => {
        throw new Error('no canonical form');
      },
    });
    const r = check(broken, { params: { rm: 2 } });
    expect(r.verdict === 'error' && r.error.code).toBe('IL301');
    expect(r.verdict === 'error' && r.error.message).toMatch(/symmetry\(\) threw Error: no canonical form/);
  });
});
