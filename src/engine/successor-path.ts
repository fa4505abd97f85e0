import type { Action } from '../model/types';
import type { TraceStep } from '../check/result';
import type { StepEngine } from './step-engine';
import { fingerprint } from '../state/fingerprint';
import { nondeterministic } from './replay';

/**
 * A trace as the explorer addresses states: the index of its initial state in `init`, then, for each step, the
 * index of the step in the list of *enabled* successors of the state before it (`engine.successors`), which is
 * what the explorer's page lists and its URLs (`#/0.3.1`) record. A step is found by its action and the state it
 * leads to, so that of two equal actions the one giving the recorded state is taken; a trace the model cannot
 * take again is IL303.
 */
export function successorPathOf<S, A extends Action>(engine: StepEngine<S, A>, trace: readonly TraceStep<S, A>[]): number[] {
  const first = trace[0];
  if (first === undefined) return [];
  const inits = engine.initialStates();
  const want = fingerprint(first.state);
  const init = inits.findIndex((i) => fingerprint(i.state) === want);
  if (init < 0) throw nondeterministic(engine as StepEngine<unknown, Action>, 0, undefined, 'init() did not return the trace\'s initial state');
  const path = [init];
  let state = (inits[init] as { state: S }).state;
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i] as TraceStep<S, A>;
    const action = fingerprint(step.action);
    const target = fingerprint(step.state);
    const succs = engine.successors(state);
    const at = succs.findIndex((s) => fingerprint(s.action) === action && fingerprint(s.state) === target);
    if (at < 0) throw nondeterministic(engine as StepEngine<unknown, Action>, i, step.action ?? undefined, 'no enabled step takes the recorded action to the recorded state');
    path.push(at);
    state = (succs[at] as { state: S }).state;
  }
  return path;
}
