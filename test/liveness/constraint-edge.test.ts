/**
 * Fairness at the edge of a CONSTRAINT. TLC evaluates ENABLED on the state itself: an action whose only
 * state-changing successors lie outside the constraint is still enabled there, so a behaviour cannot stutter
 * at the edge under WF/SF. ConstraintEdge.tla (x = 0, Next x' = x + 1, WF_x(Next), CONSTRAINT x <= 2,
 * PROPERTY <>(x = 5)) under TLC 2.20 -workers 1: no error, 4 states generated, 3 distinct, depth 3.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel, eventually, strong, weak } from 'interleave';

function counter(fair: 'weak' | 'strong' | 'none', step = 1) {
  return defineModel<{ x: number }, { type: 'Next' }, Record<string, never>>({
    name: 'constraint-edge',
    params: {},
    deadlock: false,
    init: () => [{ x: 0 }],
    actions: () => [{ type: 'Next' }],
    next: (s) => ({ x: s.x + step }),
    constraint: (s) => s.x <= 2,
    invariants: {},
    properties: { Reaches5: eventually((s) => s.x === 5) },
    fairness: () => (fair === 'weak' ? [weak('Next')] : fair === 'strong' ? [strong('Next')] : []),
  });
}

describe('fairness at the edge of a constraint', () => {
  it('WF(Next): no violation at x = 2, whose only successor is outside the constraint (TLC: 3 / 4 / 3)', () => {
    const r = check(counter('weak'));
    expect([r.verdict, r.distinctStates, r.generatedStates, r.depth]).toEqual(['ok', 3, 4, 3]);
  });

  it('SF(Next): the same', () => {
    expect(check(counter('strong')).verdict).toBe('ok');
  });

  it('without fairness the behaviour may stop at once: a violation, as TLC would report', () => {
    const r = check(counter('none'));
    expect(r.verdict).toBe('violation');
    expect(r.violations.map((v) => [v.name, v.trace.length])).toEqual([['Reaches5', 1]]);
  });
});
