/**
 * Chang and Roberts' leader election against TLC. TLC's numbers for MCChangRoberts.cfg (N = 3, Id = <<1, 2, 3>>)
 * are from tlaplus/Examples, specifications/chang_roberts/manifest.json: 137 distinct states, 227 states
 * generated, depth 10. All three match: n1 has one action per id in the inbox, as `\E id \in msgs[self]`
 * gives TLC one successor per id.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/chang-roberts';

describe('ChangRoberts', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([137, 227, 10]);
  });

  it('breaks Correctness when a node that receives a larger id declares itself the winner', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) => {
        const succ = model.next(s, a, p);
        if (succ === undefined || a.type !== 'n1' || s.state[a.self - 1] !== 'cand' || a.id <= a.self) return succ;
        return { ...succ, state: succ.state.map((x, i) => (i === a.self - 1 ? 'won' : x)) };
      },
    });
    const result = check(broken);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('Correctness');
    const steps = violation?.trace.map(({ action }) =>
      action === null || action.type === 'Terminating' ? null : `${action.type}:${action.self}`,
    );
    expect(steps).toEqual(TRACE);
  });
});

// Node 3 sends its id to node 1, which (wrongly) wins on receiving it.
const TRACE = [null, 'n0:1', 'n0:3', 'n1:1'];
