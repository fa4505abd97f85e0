/**
 * ConstraintEdge against TLC 2.20 (tla2tools.jar, -workers 1) on models/conformance/tla/ConstraintEdge.tla:
 *   with WF_x(Next): "Model checking completed. No error has been found." 4 states generated, 3 distinct,
 *   depth 3;
 *   without it: "Temporal properties were violated", the behaviour x = 0, 1, 2 then stuttering.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/conformance/constraint-edge';

describe('ConstraintEdge (an action enabled only towards states outside the constraint)', () => {
  it('under WF(Next): no violation, with the distinct, generated and depth counts TLC reports', () => {
    const r = check(model);
    expect([r.verdict, r.distinctStates, r.generatedStates, r.depth]).toEqual(['ok', 3, 4, 3]);
    expect(r.liveness?.fairness).toEqual(['WF(Next)']);
  });

  it('without fairness: the liveness violation TLC reports (a behaviour that stops)', () => {
    const r = check(model, { params: { fair: false } });
    expect([r.verdict, r.distinctStates, r.generatedStates, r.depth]).toEqual(['violation', 3, 4, 3]);
    expect(r.violations.map((v) => [v.kind, v.name])).toEqual([['liveness', 'Reaches5']]);
  });
});
