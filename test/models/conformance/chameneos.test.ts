/**
 * The chameneos game against TLC. TLC's numbers for Chameneos.cfg (N = 4, M = 4) are from tlaplus/Examples,
 * specifications/Chameneos/manifest.json: 34,534 distinct states, 104,697 states generated, depth 13.
 * All three match: Meet branches only with IF/THEN/ELSE, so one action per chameneos gives TLC's successors.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/conformance/chameneos';

describe('Chameneos', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([34_534, 104_697, 13]);
  });
});
