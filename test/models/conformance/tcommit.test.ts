/**
 * TCommit against TLC. TLC's numbers for TCommit.cfg (RM = {r1, r2, r3}) are from tlaplus/Examples,
 * specifications/transaction_commit/manifest.json: 34 distinct states, 94 states generated, depth 7.
 * All three match: Decide's two disjuncts are two actions, so every successor TLC computes is computed here.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/tcommit';

describe('TCommit', () => {
  it('has the distinct, generated and depth counts TLC reports', () => {
    const result = check(model);
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([34, 94, 7]);
  });

  it('finds the shortest inconsistency when an RM may abort after another committed', () => {
    const broken = defineModel({
      ...model,
      next: (s, a, p) =>
        a.type === 'DecideAbort' && s.rmState[a.actor] === 'prepared'
          ? { rmState: { ...s.rmState, [a.actor]: 'aborted' as const } }
          : model.next(s, a, p),
    });
    const result = check(broken);
    expect(result.verdict).toBe('violation');
    const [violation] = result.violations;
    expect(violation?.name).toBe('TCConsistent');
    expect(violation?.trace.map((step) => step.action?.type ?? null)).toEqual(TRACE);
  });
});

const TRACE = [null, 'Prepare', 'Prepare', 'Prepare', 'DecideCommit', 'DecideAbort'];
