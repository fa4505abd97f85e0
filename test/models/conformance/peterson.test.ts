/**
 * Peterson's algorithm against TLC. TLC's numbers for Peterson.cfg are from tlaplus/Examples,
 * specifications/locks_auxiliary_vars/manifest.json: 42 distinct states, 77 states generated, depth 11.
 * All three match (the a3 guard is a disjunction whose disjuncts are never both true, see the model).
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/peterson';

describe('Peterson', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([42, 77, 11]);
  });

  it('breaks Inv in 7 steps when a3 does not wait', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) =>
        a.type === 'a3' && s.pc[a.self - 1] === 'a3'
          ? { ...s, pc: s.pc.map((l, i) => (i === a.self - 1 ? 'cs' : l)) }
          : model.next(s, a, p),
    });
    const result = check(broken);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('Inv');
    // Process 2 enters cs although process 1 holds the turn and waits at a3.
    const steps = violation?.trace.map(({ action }) => (action ? `${action.type}:${action.self}` : null));
    expect(steps).toEqual(TRACE);
  });
});

const TRACE = [null, 'a0:1', 'a1:1', 'a2:1', 'a0:2', 'a1:2', 'a2:2', 'a3:2'];
