import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import type { StateGraph } from './state-graph';
import type { GraphLasso } from './lasso-search';
import { StepEngine } from '../engine/step-engine';
import { replay } from '../engine/replay';

/**
 * Rebuilds the states and actions of a lasso by replaying the recorded action indices from the initial state
 * through the engine (states are not kept in memory), each state checked against the graph's fingerprint (IL303
 * otherwise, see `replay`).
 */
export function lassoTrace(model: AnyModel, params: Params, graph: StateGraph, lasso: GraphLasso): TraceStep[] {
  const engine = new StepEngine<unknown, Action>(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
  const expected = lasso.states.map((v) => graph.fingerprintOf(v));
  const init = graph.initIndexOf(lasso.states[0] as number);
  return replay(engine, { init, actions: lasso.edges.map((e) => graph.actionIndex[e] as number) }, expected);
}
