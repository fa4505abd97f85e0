/**
 * "Teaching Concurrency" over regular registers against TLC. TLC's numbers for SimpleRegular.cfg (N = 8)
 * are from tlaplus/Examples, specifications/TeachingConcurrency/manifest.json: 277,726 distinct states,
 * 1,454,776 states generated, depth 25. All three match: b has one action per value a regular register may
 * return, and the Terminating stutter step is a successor, as for TLC.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/conformance/simple-regular';

describe('SimpleRegular', () => {
  it('has the distinct, generated and depth counts TLC reports for N = 8', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([277_726, 1_454_776, 25]);
  });
});
