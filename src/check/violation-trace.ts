import type { Action } from '../model/types';
import type { TraceStep } from './result';
import type { RawViolation } from './search-outcome';
import type { VisitedStates } from '../state/visited-states';
import { StepEngine } from '../engine/step-engine';
import { rebuildTrace } from '../trace/rebuild-trace';
import { nondeterministic, replay, type ReplayPath } from '../engine/replay';

/**
 * The trace of a violation the search recorded, replayed through the engine (every stored state compared with
 * its stored fingerprint) and the violation checked again on the replayed trace: a model that is not
 * deterministic is reported as IL303 rather than with a counterexample that is not one.
 */
export function violationTrace(engine: StepEngine, store: VisitedStates, v: Pick<RawViolation, 'kind' | 'name'>, at: RawViolation['at'] | ReplayPath): TraceStep[] {
  // Only the violated property, so that another one (dropped in the search) is not called.
  const only = new StepEngine(engine.model, engine.params, {
    ...engine.checks,
    invariants: v.kind === 'invariant' ? [v.name] : [],
    actionInvariants: v.kind === 'action-invariant' ? [v.name] : [],
    reachable: [],
    deadlock: true,
  });
  // A path (`--fewest-switches`) is replayed from the initial states; a state reference, through the store.
  const trace = 'actions' in at ? replay(only, at) : rebuildTrace(only, store, at);
  const last = trace[trace.length - 1] as TraceStep;
  let again: boolean;
  switch (v.kind) {
    case 'invariant':
      again = only.violatedInvariants(last.state).length > 0;
      break;
    case 'action-invariant':
      again = only.violatedActionInvariants((trace[trace.length - 2] as TraceStep).state, last.action as Action, last.state).length > 0;
      break;
    case 'deadlock':
      again = only.isDeadlock(last.state, only.successors(last.state).length);
      break;
    default:
      again = true;
  }
  if (!again) throw nondeterministic(only, trace.length - 1, last.action ?? undefined, `the ${v.kind === 'deadlock' ? 'deadlock' : `violation of ${v.name}`} found there during the search does not recur`);
  return trace;
}
