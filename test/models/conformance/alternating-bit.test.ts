/**
 * The alternating bit protocol against TLC. TLC's numbers for MCAlternatingBit.cfg (Data = {d1, d2},
 * msgQLen = ackQLen = 2, CONSTRAINT SeqConstraint) are from tlaplus/Examples,
 * specifications/SpecifyingSystems/manifest.json: 240 distinct states, 1392 states generated, depth 10.
 * All three match with TLC's CONSTRAINT semantics (tlc2.tool.Worker.addElement): every successor counts as
 * generated; one outside the constraint is checked against the invariants but not stored or expanded.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/alternating-bit';

describe('AlternatingBit', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([240, 1392, 10]);
  });

  it('checks invariants in successors outside the constraint, as TLC does', () => {
    const bounded = defineModel({
      ...model,
      invariants: { ...model.invariants, AckQWithinBound: (s, p) => s.ackQ.length <= p.ackQLen },
    });
    const result = check(bounded);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('AckQWithinBound');
    // Three acknowledgements: the third step leaves the constraint, and is still checked.
    expect(violation?.trace.map((step) => step.action?.type ?? null)).toEqual([null, 'SndAck', 'SndAck', 'SndAck']);
  });
});
