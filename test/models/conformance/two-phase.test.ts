/**
 * Two-phase commit against TLC. TLC's numbers: RM = 3 from tlaplus/Examples,
 * specifications/transaction_commit/manifest.json (TwoPhase.cfg): 288 distinct, 1,146 generated, depth 11;
 * RM = 5 from a TLC run of that benchmark scope: 8,832 / 58,146 / 17. All match: one action per RM and per TLC
 * action, and steps that change nothing are successors, as in TLC. The benchmark scopes RM = 7
 * (296,448 / 2,744,706 / 23) and RM = 8 (1,745,408 / 18,507,778 / 26) take too long for a unit test; the
 * conformance report (models/conformance/report.ts) runs RM = 7.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/two-phase';
import plain from '../../../models/conformance/two-phase-plain';
import immer from '../../../models/conformance/two-phase-immer';

// The same protocol written plainly and with immer (two-phase-ports.test.ts) must find the same counts.
describe.each([
  ['tuned', model],
  ['plain', plain],
  ['immer', immer],
] as const)('TwoPhase (%s) against TLC', (_name, m) => {
  it.each([
    [3, 288, 1_146, 11],
    [5, 8_832, 58_146, 17],
  ])('has the counts TLC reports for RM = %i', (rm, distinct, generated, depth) => {
    const result = check(m, { params: { rm } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([distinct, generated, depth]);
  });
});

describe('TwoPhase', () => {

  it('breaks TCConsistent when the TM commits before every RM prepared', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) =>
        a.type === 'TMCommit' && s.tmState === 'init'
          ? { ...s, tmState: 'committed' as const, msgs: new Set([...s.msgs, { type: 'Commit' as const }]) }
          : model.next(s, a, p),
    });
    const result = check(broken);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('TCConsistent');
    const steps = violation?.trace.map(({ action }) => (action ? [action.type, 'rm' in action ? action.rm : null] : null));
    expect(steps).toEqual(TRACE);
  });
});

// The TM commits before any RM prepared; r1 still aborts on its own, and r2 receives the commit.
const TRACE = [null, ['TMCommit', null], ['RMChooseToAbort', 'r1'], ['RMRcvCommitMsg', 'r2']];
