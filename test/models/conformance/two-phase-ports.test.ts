/**
 * TwoPhase written two more ways, for `npm run bench`: plainly from the TLA+ text (`two-phase-plain.ts`: records
 * rebuilt in varying key order, Sets of records, a fresh action list per state) and with immer's `produce`
 * (`two-phase-immer.ts`). Both must find TLC's counts, as the tuned port does (see two-phase.test.ts for their
 * sources; RM = 3 and 5 are tested there): RM = 7 296,448 / 2,744,706 / 23.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import plain from '../../../models/conformance/two-phase-plain';
import immer from '../../../models/conformance/two-phase-immer';

describe.each([
  ['plain', plain],
  ['immer', immer],
] as const)('TwoPhase (%s)', (_name, model) => {
  it('has the counts TLC reports for RM = 7', { timeout: 300_000 }, () => {
    const result = check(model, { params: { rm: 7 } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([296_448, 2_744_706, 23]);
  });
});
