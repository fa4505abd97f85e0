import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import type { StateGraph } from './state-graph';
import type { GraphLasso } from './lasso-search';
import { fingerprintInto } from '../state/fingerprint';
import { InterleaveError } from '../errors/interleave-error';

/**
 * Rebuilds the states and actions of a lasso by replaying the recorded action indices from the initial state
 * (states are not kept in memory), checking each state's fingerprint against the graph's.
 */
export function lassoTrace(model: AnyModel, params: Params, graph: StateGraph, lasso: GraphLasso): TraceStep[] {
  const fp = new Int32Array(2);
  const expect = (state: unknown, v: number, action: Action | null): void => {
    fingerprintInto(state, fp);
    if (fp[0] !== graph.fingerprints[2 * v] || fp[1] !== graph.fingerprints[2 * v + 1]) {
      throw new InterleaveError({
        code: 'IL303',
        message: `Model ${model.name} is not deterministic: replaying ${action === null ? 'init()' : `action ${JSON.stringify(action)}`} gave another state than during the search.`,
        ...(action !== null ? { action } : {}),
      });
    }
  };
  const first = lasso.states[0] as number;
  let state: unknown = model.init(params)[graph.initIndex[first] as number];
  expect(state, first, null);
  const trace: TraceStep[] = [{ action: null, state }];
  for (let i = 0; i < lasso.edges.length; i++) {
    const e = lasso.edges[i] as number;
    const action = model.actions(state, params)[graph.actionIndex[e] as number];
    const next = action === undefined ? undefined : model.next(state, action, params);
    if (action === undefined || next === undefined) {
      throw new InterleaveError({
        code: 'IL303',
        message: `Model ${model.name} is not deterministic: an action enabled during the search is not enabled when the trace is replayed.`,
      });
    }
    expect(next, lasso.states[i + 1] as number, action);
    trace.push({ action, state: next });
    state = next;
  }
  return trace;
}
