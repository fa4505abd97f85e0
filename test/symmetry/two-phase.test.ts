/**
 * Symmetry reduction on TwoPhase: the RMs r1..rN are interchangeable. The reduced count is the number of classes
 * of reachable states (computed here by brute force over the unreduced state space: the least image over all N!
 * renamings of each state), depth does not change, and a broken variant's shortest counterexample keeps its
 * length and is a real behaviour.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { canonicalUnder, permutations } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';
import { reducedSearch } from './reduced-search';
import { renameRms, twoPhaseMultiset, twoPhaseSymmetry, twoPhaseSymmetryBrute } from './two-phase-symmetry';
import model from '../../models/conformance/two-phase';

const rms = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${i + 1}`);

describe('TwoPhase under RM symmetry', () => {
  it.each([
    [3, 288, 80, 318, 11],
    [4, 1_568, 166, 869, 14],
    [5, 8_832, 314, 2_048, 17],
  ])('RM = %i: %i states fall into as many classes as the reduced search stores', (rm, states, classes, generated, depth) => {
    const full = reducedSearch(model, { rm });
    expect(full.distinct).toBe(states);
    const orbitOf = canonicalUnder(permutations(rms(rm)), renameRms);
    expect(new Set(full.states.map((s) => fingerprint(orbitOf(s)))).size).toBe(classes);
    for (const canon of [twoPhaseSymmetry, twoPhaseMultiset, twoPhaseSymmetryBrute]) {
      const reduced = reducedSearch(model, { rm }, canon);
      expect([reduced.distinct, reduced.generated, reduced.depth]).toEqual([classes, generated, depth]);
    }
    expect(full.depth).toBe(depth);
  });

  it('RM = 6: 50,816 states, 553 classes, depth 20 either way', () => {
    const c = check(model, { params: { rm: 6 } });
    expect([c.verdict, c.distinctStates, c.generatedStates, c.depth]).toEqual(['ok', 50_816, 402_306, 20]);
    const reduced = reducedSearch(model, { rm: 6 }, twoPhaseSymmetry);
    expect([reduced.distinct, reduced.generated, reduced.depth]).toEqual([553, 4_328, 20]);
    expect(reducedSearch(model, { rm: 6 }, twoPhaseMultiset).distinct).toBe(553);
    expect(reduced.violations).toEqual([]);
  });

  it('keeps the shortest counterexample of a broken TwoPhase, as a real behaviour', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) =>
        a.type === 'TMCommit' && s.tmState === 'init'
          ? { ...s, tmState: 'committed' as const, msgs: new Set([...s.msgs, { type: 'Commit' as const }]) }
          : model.next(s, a, p),
    });
    const c = check(broken, { params: { rm: 4 } });
    const reduced = reducedSearch(broken, { rm: 4 }, twoPhaseSymmetry);
    const [v] = reduced.violations;
    expect(c.violations.map((x) => [x.name, x.trace.length])).toEqual([['TCConsistent', 4]]);
    expect(reduced.violations.map((x) => [x.name, x.trace.length])).toEqual([['TCConsistent', 4]]);
    expect(v?.trace.map((s) => s.action && [s.action.type, 'rm' in s.action ? s.action.rm : null])).toEqual([
      null,
      ['TMCommit', null],
      ['RMChooseToAbort', 'r1'],
      ['RMRcvCommitMsg', 'r2'],
    ]);
    // Every step is the model's own successor of the one before, and only the last state breaks the invariant.
    const p = { rm: 4 };
    v?.trace.slice(1).forEach((step, i) => {
      const before = v.trace[i]?.state;
      expect(before && step.action && fingerprint(broken.next(before, step.action, p))).toBe(fingerprint(step.state));
    });
    expect(v?.trace.map((s) => model.invariants.TCConsistent?.(s.state, p))).toEqual([true, true, true, false]);
  });
});
