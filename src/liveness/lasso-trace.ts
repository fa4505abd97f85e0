import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import type { StateGraph } from './state-graph';
import type { GraphLasso } from './lasso-search';
import { StepEngine } from '../engine/step-engine';
import { replay } from '../engine/replay';

function hex(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/**
 * Rebuilds the states and actions of a lasso by replaying the recorded action indices from the initial state
 * through the engine (states are not kept in memory), each state checked against the graph's fingerprint (IL303
 * otherwise, see `replay`).
 */
export function lassoTrace(model: AnyModel, params: Params, graph: StateGraph, lasso: GraphLasso): TraceStep[] {
  const engine = new StepEngine<unknown, Action>(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
  const expected = lasso.states.map((v) => hex(graph.fingerprints[2 * v] as number) + hex(graph.fingerprints[2 * v + 1] as number));
  const init = graph.initIndex[lasso.states[0] as number] as number;
  return replay(engine, { init, actions: lasso.edges.map((e) => graph.actionIndex[e] as number) }, expected);
}
