import type { Action } from '../model/types';
import type { RawFailure, SearchFailure } from '../check/search-outcome';
import type { VisitedStates } from '../state/visited-states';
import type { WireError } from '../search/bfs/parallel/protocol';
import { StepEngine } from './step-engine';
import { StateRef } from '../trace/state-ref';
import { rebuildTrace, replayablePart } from '../trace/rebuild-trace';
import { InterleaveError } from '../errors/interleave-error';

/**
 * Rebuilds, on the calling thread, a failure of the model that an expander met (on any thread): the state is
 * replayed through the engine from its trace (checked against the stored fingerprints) and the failing call made
 * again through the engine, so that the report holds the engine's coded error with the model's own error object
 * (errors lose their class between threads) and, for a bad value, the value itself. If the call does not fail
 * again, the model is not deterministic, and the error as the expander saw it is used.
 */
export function reproduceFailure(
  engine: StepEngine,
  store: VisitedStates,
  parent: number,
  failure: { readonly phase: RawFailure['phase']; readonly name?: string; readonly error: WireError },
  actionIndex: number,
): SearchFailure {
  const name = failure.name;
  const seen = Object.assign(new Error(failure.error.message), { name: failure.error.name });
  if (failure.error.stack !== undefined) seen.stack = failure.error.stack;
  // Only the named property, so that one dropped earlier in the search (it was violated) is not called.
  const only = new StepEngine(engine.model, engine.params, {
    ...engine.checks,
    invariants: failure.phase === 'invariant' ? [name as string] : [],
    actionInvariants: failure.phase === 'action-invariant' ? [name as string] : [],
    reachable: failure.phase === 'reachable' ? [name as string] : [],
    deadlock: true,
  });
  let at: StateRef | undefined = parent >= 0 ? StateRef.stored(store, parent) : undefined;
  let action: Action | undefined;
  try {
    let state: unknown;
    let succ: unknown;
    if (parent < 0) {
      // A failure on an initial state (index `actionIndex` of `init`): fingerprinting them fails again there.
      succ = (only.initialStates()[actionIndex] as { state: unknown }).state;
    } else {
      let trace;
      try {
        trace = rebuildTrace(only, store, at as StateRef);
      } catch (error) {
        // The replay met the failure (or another) before the state: the trace up to where it did.
        if (!(error instanceof InterleaveError)) throw error;
        return { error, trace: replayablePart(only, store, at as StateRef) };
      }
      state = (trace[trace.length - 1] as { state: unknown }).state;
      switch (failure.phase) {
        case 'mutation':
          return { at, error: only.changedInPlace(state) };
        case 'actions':
          only.actions(state);
          return { at, error: only.failure({ phase: 'actions', error: seen }) };
        case 'terminal':
          only.isDeadlock(state, 0);
          return { at, error: only.failure({ phase: 'terminal', error: seen }) };
        default:
          break;
      }
      action = only.actions(state)[actionIndex];
      if (failure.phase === 'nondeterministic') return { at, error: only.nondeterministicNext(action as Action) };
      const step = only.step(state, action as Action, actionIndex);
      if (step === undefined) return { at, error: only.failure({ phase: failure.phase, ...(name !== undefined ? { name } : {}), action, error: seen }) };
      succ = step.state;
    }
    const reached = new StateRef(parent, actionIndex);
    // A temporal property's predicate labels each new state (see `GraphRecorder`): it threw on the one reached.
    if (failure.phase === 'property') return { at: reached, error: only.failure({ phase: 'property', ...(name !== undefined ? { name } : {}), error: seen }) };
    switch (failure.phase) {
      case 'action-invariant':
        only.violatedActionInvariants(state, action as Action, succ);
        break;
      case 'constraint':
        at = reached;
        only.inside(succ);
        break;
      case 'invariant':
        at = reached;
        only.violatedInvariants(succ);
        break;
      case 'reachable':
        at = reached;
        only.reached(succ);
        break;
      default:
        // A bad value or symmetry hook on an initial state is thrown by `initialStates`, with no trace.
        if (parent < 0) at = undefined;
        break;
    }
    return { ...(at ? { at } : {}), error: only.failure({ phase: failure.phase, ...(name !== undefined ? { name } : {}), ...(action !== undefined ? { action } : {}), error: seen }) };
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    // The failure met again, coded by the engine; or IL303 from the replay.
    if (parent < 0 && (failure.phase === 'value' || failure.phase === 'symmetry')) at = undefined;
    return { ...(at ? { at } : {}), error };
  }
}
