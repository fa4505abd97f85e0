/**
 * AsyncTerminationDetection against TLC 2.20 (tla2tools.jar, -workers 1) on the original
 * specifications/ewd998/AsyncTerminationDetection.tla and .cfg (N = 4, CONSTRAINT StateConstraint, invariants
 * TypeOK and Safe, properties Quiescence and Live under WF_vars(DetectTermination)):
 *   "Model checking completed. No error has been found."
 *   "53271 states generated, 4097 distinct states found, 0 states left on queue."
 *   "The depth of the complete state graph search is 14."
 * All three match. Without WF_vars(DetectTermination) (Spec == Init /\ [][Next]_vars, PROPERTIES Live), TLC
 * reports "Temporal properties were violated".
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import model from '../../../models/conformance/async-termination-detection';

describe('AsyncTerminationDetection (EWD998 folder)', () => {
  it('holds, with the distinct, generated and depth counts TLC reports', () => {
    const r = check(model);
    expect([r.verdict, r.distinctStates, r.generatedStates, r.depth]).toEqual(['ok', 4097, 53271, 14]);
    expect(r.checked).toEqual(['TypeOK', 'Safe', 'QuiescenceAsActionInv', 'Live']);
    expect(r.liveness?.fairness).toEqual(['WF(DetectTermination)']);
  });

  it('Live fails without the fairness of DetectTermination, as TLC says', () => {
    const unfair = defineModel({ ...model, fairness: () => [] });
    const r = check(unfair);
    expect(r.verdict).toBe('violation');
    expect(r.violations.map((v) => [v.kind, v.name])).toEqual([['liveness', 'Live']]);
  });

  it('Safe fails when a node may detect termination with messages still pending', () => {
    const eager = defineModel({
      ...model,
      next: (s, a, p) => (a.type === 'DetectTermination' ? (s.active.every((x) => !x) ? { ...s, terminationDetected: true } : undefined) : model.next(s, a, p)),
    });
    const r = check(eager);
    expect(r.verdict).toBe('violation');
    expect(r.violations.map((v) => [v.name, v.trace.map((t) => t.action?.type ?? null)])).toEqual([['Safe', SAFE_TRACE]]);
  });
});

// Shortest: a node sends a message, terminates, and termination is detected with the message pending.
const SAFE_TRACE: (string | null)[] = [null, 'SendMsg', 'Terminate', 'DetectTermination'];
