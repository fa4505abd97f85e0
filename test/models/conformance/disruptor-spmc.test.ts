/**
 * Disruptor_SPMC against TLC 2.20 (tla2tools.jar, -workers 1) on the original specifications/Disruptor/
 * Disruptor_SPMC.tla, RingBuffer.tla and Disruptor_SPMC.cfg (MaxPublished = 10, Readers = {r1, r2, r3},
 * Size = 4, CONSTRAINT StateConstraint, property Liveliness under weak fairness of each reader's steps):
 *   "Model checking completed. No error has been found."
 *   "28049 states generated, 8496 distinct states found, 0 states left on queue."
 *   "The depth of the complete state graph search is 82."
 * All three match (they are also those of the folder's manifest.json).
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/disruptor-spmc';

describe('Disruptor_SPMC', () => {
  it('holds, with the distinct, generated and depth counts TLC reports', () => {
    const r = check(model);
    expect([r.verdict, r.distinctStates, r.generatedStates, r.depth]).toEqual(['ok', 8496, 28049, 82]);
    expect(r.liveness?.fairness).toHaveLength(6);
    expect(r.checked.filter((n) => n.startsWith('Liveliness['))).toHaveLength(30);
  });

  it('Liveliness fails when reader r3 is not treated fairly: it may stop reading', () => {
    const unfair = defineModel({ ...model, fairness: (p) => model.fairness?.(p).filter((f) => !f.name?.includes('r3')) ?? [] });
    const r = check(unfair);
    expect(r.verdict).toBe('violation');
    expect(r.violations[0]?.name).toBe('Liveliness[r3,0]');
  });
});
