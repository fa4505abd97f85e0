import type { Action } from '../model/types';
import type { TraceStep } from '../check/result';
import type { VisitedStates } from '../state/visited-states';
import type { StateRef } from './state-ref';
import type { StepEngine } from '../engine/step-engine';
import { replay } from '../engine/replay';

/**
 * Rebuilds the trace to a state from parent pointers and action indices by replaying the model through the
 * engine: initial state by its index in `init`, then each step by its index in `actions`. Every replayed state
 * that the search stored is compared with the fingerprint stored for it, so that a model that is not
 * deterministic is reported as IL303 (see `replay`), never printed as a trace it does not have. The last state
 * (`ref`'s step) need not be stored: callers that report a violation there check it again (`confirmViolation`).
 */
export function rebuildTrace<S, A extends Action>(engine: StepEngine<S, A>, store: VisitedStates, ref: StateRef, steps = Infinity): TraceStep<S, A>[] {
  const ids = ref.parent >= 0 ? store.pathTo(ref.parent) : [];
  const indices = ids.map((id) => store.actionOf(id));
  indices.push(ref.index);
  const expected: string[] = ids.map((id) => store.fingerprintOf(id));
  return replay(engine, { init: indices[0] as number, actions: indices.slice(1, 1 + steps) }, expected);
}

/**
 * The longest start of the trace to `ref` that replays without an error (after `rebuildTrace` failed): it
 * ends at the state where the model failed, for the report. Empty if even the initial state does not replay.
 */
export function replayablePart<S, A extends Action>(engine: StepEngine<S, A>, store: VisitedStates, ref: StateRef): TraceStep<S, A>[] {
  const length = ref.parent >= 0 ? store.pathTo(ref.parent).length : 0;
  for (let steps = length - 1; steps >= 0; steps--) {
    try {
      return rebuildTrace(engine, store, ref, steps);
    } catch {
      // One step fewer.
    }
  }
  return [];
}
