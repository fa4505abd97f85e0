import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import type { VisitedStates } from '../state/visited-states';
import type { StateRef } from './state-ref';
import { InterleaveError } from '../errors/interleave-error';

/**
 * Rebuilds the trace to a state from parent pointers and action indices by replaying the model: initial state
 * by its index in `init`, then each step by its index in `actions`. Models are required to be deterministic;
 * a replay that finds an action disabled is reported as IL303.
 */
export function rebuildTrace(model: AnyModel, params: Params, store: VisitedStates, ref: StateRef): TraceStep[] {
  const indices: number[] = [];
  if (ref.parent >= 0) {
    for (const id of store.pathTo(ref.parent)) indices.push(store.actionOf(id));
  }
  indices.push(ref.index);
  const inits = model.init(params);
  const first = inits[indices[0] as number];
  if (first === undefined) throw nondeterministic('init() returned fewer states than during the search');
  const trace: TraceStep[] = [{ action: null, state: first }];
  let state: unknown = first;
  for (let i = 1; i < indices.length; i++) {
    const action: Action | undefined = model.actions(state, params)[indices[i] as number];
    const next = action === undefined ? undefined : model.next(state, action, params);
    if (action === undefined || next === undefined) {
      throw nondeterministic(`replaying step ${i} of a trace, ${action === undefined ? 'actions() returned fewer actions' : `next() did not enable ${action.type}`} than during the search`);
    }
    trace.push({ action, state: next });
    state = next;
  }
  return trace;
}

function nondeterministic(what: string): InterleaveError {
  return new InterleaveError({
    code: 'IL303',
    message: `The model is not deterministic: ${what}.`,
    hint: 'init, actions and next must depend only on their arguments (no Math.random, clocks or shared mutable variables).',
  });
}
