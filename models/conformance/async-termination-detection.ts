/**
 * AsyncTerminationDetection (tlaplus/Examples, specifications/ewd998/AsyncTerminationDetection.tla), checked as in
 * AsyncTerminationDetection.cfg: N = 4, invariants TypeOK and Safe, properties Quiescence and Live under
 * WF_vars(DetectTermination), CONSTRAINT StateConstraint (at most 3 messages pending at each node).
 *
 * Successors as TLC computes them: one action per binding of `\E i` / `\E i, j`, and Terminate(i)'s
 * `terminationDetected' \in {terminationDetected, terminated'}` is one action per element of that set (a single
 * one when both are equal). DetectTermination from a state where termination is detected already is a step
 * that changes nothing, still computed (and counted) by TLC. SendMsg past 3 pending messages leaves the
 * constraint: such states are generated, not stored, and SendMsg counts as enabled there for fairness.
 *
 * Quiescence, `[](terminated => []terminated)`, is checked as the module's QuiescenceAsActionInv (terminated =>
 * terminated'), an action invariant that holds exactly when the temporal formula does.
 */
import { defineModel, leadsTo, weak } from 'interleave';

interface State {
  readonly active: readonly boolean[];
  readonly pending: readonly number[];
  readonly terminationDetected: boolean;
}

type Action =
  | { readonly type: 'RcvMsg'; readonly i: number }
  | { readonly type: 'Terminate'; readonly i: number; readonly detected: 'unchanged' | 'terminated' }
  | { readonly type: 'SendMsg'; readonly i: number; readonly j: number }
  | { readonly type: 'DetectTermination' };

const nodes = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const terminated = (s: State): boolean => s.active.every((a, i) => !a && s.pending[i] === 0);
const setAt = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, k) => (k === i ? x : y));

export default defineModel<State, Action, { n: number }>({
  name: 'AsyncTerminationDetection',
  params: { n: 4 },
  deadlock: false,
  init: ({ n }) =>
    // active \in [Node -> BOOLEAN], in TLC's order: node 0 varies slowest.
    nodes(2 ** n).flatMap((bits) => {
      const active = nodes(n).map((i) => ((bits >> (n - 1 - i)) & 1) === 1);
      const s = { active, pending: nodes(n).map(() => 0), terminationDetected: false };
      return terminated(s) ? [s, { ...s, terminationDetected: true }] : [s];
    }),
  actions: (_s, { n }) => [
    ...nodes(n).flatMap((i): Action[] => [
      { type: 'RcvMsg', i },
      { type: 'Terminate', i, detected: 'unchanged' },
      { type: 'Terminate', i, detected: 'terminated' },
    ]),
    ...nodes(n).flatMap((i) => nodes(n).map((j): Action => ({ type: 'SendMsg', i, j }))),
    { type: 'DetectTermination' },
  ],
  next: (s, a) => {
    switch (a.type) {
      case 'RcvMsg': {
        const p = s.pending[a.i] as number;
        if (p === 0) return undefined;
        return { ...s, active: setAt(s.active, a.i, true), pending: setAt(s.pending, a.i, p - 1) };
      }
      case 'Terminate': {
        if (!s.active[a.i]) return undefined;
        const t = { ...s, active: setAt(s.active, a.i, false) };
        if (a.detected === 'unchanged') return t;
        // The set {terminationDetected, terminated'} has a second element only when the two differ.
        const detected = terminated(t);
        return detected === s.terminationDetected ? undefined : { ...t, terminationDetected: detected };
      }
      case 'SendMsg':
        if (!s.active[a.i]) return undefined;
        return { ...s, pending: setAt(s.pending, a.j, (s.pending[a.j] as number) + 1) };
      case 'DetectTermination':
        return terminated(s) ? { ...s, terminationDetected: true } : undefined;
    }
  },
  constraint: (s) => s.pending.every((p) => p <= 3),
  invariants: {
    TypeOK: (s) => s.pending.every((p) => Number.isInteger(p) && p >= 0),
    Safe: (s) => !s.terminationDetected || terminated(s),
  },
  actionInvariants: { QuiescenceAsActionInv: (s, _a, t) => !terminated(s) || terminated(t) },
  properties: { Live: leadsTo(terminated, (s) => s.terminationDetected) },
  fairness: () => [weak('DetectTermination')],
});
