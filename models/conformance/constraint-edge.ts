/**
 * ConstraintEdge, a tiny specification written for interleave (models/conformance/tla/ConstraintEdge.tla and
 * .cfg): x = 0, Next x' = x + 1, WF_x(Next), CONSTRAINT x <= 2, PROPERTY <>(x = 5).
 *
 * At x = 2 the only successor (x = 3) lies outside the constraint. TLC evaluates ENABLED on the state itself, so
 * Next is enabled there and a behaviour may not stutter at x = 2 under WF: TLC finds no violation (3 distinct,
 * 4 generated, depth 3). `fair: false` drops the fairness: then TLC reports the behaviour that stutters.
 */
import { defineModel, eventually, weak } from 'interleave';

export default defineModel<{ readonly x: number }, { readonly type: 'Next' }, { fair: boolean }>({
  name: 'ConstraintEdge',
  params: { fair: true },
  deadlock: false,
  init: () => [{ x: 0 }],
  actions: () => [{ type: 'Next' }],
  next: (s) => ({ x: s.x + 1 }),
  constraint: (s) => s.x <= 2,
  invariants: {},
  properties: { Reaches5: eventually((s) => s.x === 5) },
  fairness: ({ fair }) => (fair ? [weak('Next')] : []),
});
