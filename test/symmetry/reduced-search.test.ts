/** The test search, run with the identity, agrees with check(): counts, depth and shortest traces. */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import { reducedSearch } from './reduced-search';
import twoPhase from '../../models/conformance/two-phase';
import race from '../../models/alloc/early-bucket-race';

describe('reducedSearch without symmetry', () => {
  it('matches check() on TwoPhase RM = 4', () => {
    const c = check(twoPhase, { params: { rm: 4 } });
    const r = reducedSearch(twoPhase, { rm: 4 });
    expect([r.distinct, r.generated, r.depth]).toEqual([c.distinctStates, c.generatedStates, c.depth]);
    expect([r.distinct, r.generated, r.depth]).toEqual([1568, 8258, 14]);
  });

  it('matches check() on the buggy early bucket race, traces included', () => {
    const c = check(race, { continue: true });
    const r = reducedSearch(race);
    expect([r.distinct, r.generated, r.depth]).toEqual([c.distinctStates, c.generatedStates, c.depth]);
    const steps = (t: readonly { action: { type: string; actor?: string } | null }[]) => t.map((s) => s.action && `${s.action.actor}:${s.action.type}`);
    expect(r.violations.map((v) => [v.name, steps(v.trace)])).toEqual(c.violations.map((v) => [v.name, steps(v.trace)]));
    expect(r.violations.map((v) => v.trace.length)).toEqual([6, 10]);
  });
});
