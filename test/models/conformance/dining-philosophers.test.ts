/**
 * Dining philosophers (Chandy-Misra) against TLC. TLC's numbers for DiningPhilosophers.cfg (NP = 5) are from
 * tlaplus/Examples, specifications/DiningPhilosophers/manifest.json: 67 distinct states, 336 states
 * generated, depth 29. All three match: the translation's steps branch only with IF/THEN/ELSE, one successor each.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/dining-philosophers';

describe('DiningPhilosophers', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([67, 336, 29]);
  });

  it('breaks ExclusiveAccess when a philosopher eats without holding both forks', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) =>
        a.type === 'Loop' && s.pc[a.self - 1] === 'Loop' && s.hungry[a.self - 1] === true
          ? { ...s, pc: s.pc.map((l, i) => (i === a.self - 1 ? 'Eat' : l)) }
          : model.next(s, a, p),
    });
    const result = check(broken);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('ExclusiveAccess');
    const steps = violation?.trace.map(({ action }) => (action ? `${action.type}:${action.self}` : null));
    expect(steps).toEqual(TRACE);
  });
});

// Philosophers 1 and 2 share fork 2 and both go to Eat.
const TRACE = [null, 'Loop:1', 'Loop:2'];
