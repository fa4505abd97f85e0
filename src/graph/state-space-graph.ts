import { MultiDirectedGraph } from 'graphology';
import { bidirectional } from 'graphology-shortest-path/unweighted';
import type { AnyModel, Params } from '../model/types';
import { InterleaveError } from '../errors/interleave-error';
import { StepEngine } from '../engine/step-engine';
import { diffStates } from '../trace/diff';
import { formatAction } from '../report/format-value';
import type { GraphInfo, InterleaveGraph, StateNode, StepEdge } from './attributes';
import { effectiveParams, failingActionInvariants, failingInvariants } from './failing-invariants';

export interface StateGraphOptions {
  readonly params?: Partial<Params>;
  /** The most distinct states the graph may hold; a larger state space is an error, never a silent cut. */
  readonly maxStates: number;
}

/** Default cap of `interleave graph`: a drawing with more states than this is unreadable anyway. */
export const DEFAULT_GRAPH_MAX_STATES = 1000;

/**
 * The whole reachable state space of a (small) model, breadth first as the checker explores it (TLC's
 * `-dump dot`). States outside the model's `constraint` are left out, as the checker does not store them.
 * Edges on a shortest path from an initial state to a violating state are marked `counterexample`. Steps are
 * the step engine's, with its checks and coded errors; states are not identified up to symmetry (a picture of
 * the real states).
 */
export function buildStateSpaceGraph(model: AnyModel, options: StateGraphOptions): InterleaveGraph {
  const { maxStates } = options;
  if (!(Number.isInteger(maxStates) && maxStates > 0)) {
    throw new InterleaveError({ code: 'IL101', message: `maxStates must be a positive integer, got ${String(maxStates)}.` });
  }
  const params = effectiveParams(model, options.params);
  const graph: InterleaveGraph = new MultiDirectedGraph<StateNode, StepEdge, GraphInfo>();
  graph.replaceAttributes({ kind: 'state-space', model: model.name, params });
  const engine = new StepEngine(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: model.deadlock ?? true, symmetry: false });

  const add = (state: unknown, key: string, depth: number, initial: boolean): void => {
    if (graph.order >= maxStates) {
      throw new InterleaveError({
        code: 'IL101',
        message: `The state space of ${model.name} has more than ${maxStates} states.`,
        hint: 'Raise --max-states, or make the model smaller with --param.',
      });
    }
    const failing = failingInvariants(model, state, params);
    graph.addNode(key, {
      depth,
      state,
      changed: [],
      failing,
      initial,
      violating: failing.length > 0,
      deadlock: false,
      steps: [],
    });
  };

  let frontier: string[] = [];
  for (const { state, fingerprint: key } of engine.initialStates()) {
    if (graph.hasNode(key)) continue;
    add(state, key, 1, true);
    frontier.push(key);
  }
  for (let depth = 2; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const from of frontier) {
      const state = graph.getNodeAttribute(from, 'state');
      const successors = engine.successors(state);
      for (const { state: to, fingerprint: key, action, actor } of successors) {
        if (!engine.inside(to)) continue;
        if (!graph.hasNode(key)) {
          add(to, key, depth, false);
          next.push(key);
        }
        const failing = failingActionInvariants(model, state, action, to, params);
        // Keys in exploration order, so that the same model always gives the same file.
        graph.addDirectedEdgeWithKey(`t${graph.size + 1}`, from, key, {
          label: formatAction(action),
          action,
          actor: actor ?? null,
          changes: diffStates(state, to),
          failing,
          loop: false,
          closesLoop: false,
          counterexample: false,
        });
      }
      if (engine.isDeadlock(state, successors.length)) graph.setNodeAttribute(from, 'deadlock', true);
    }
    frontier = next;
  }
  markCounterexamples(graph);
  return graph;
}

/** Marks the edges of a shortest path from some initial state to each violating or deadlocked state. */
function markCounterexamples(graph: InterleaveGraph): void {
  const initials = graph.filterNodes((_, a) => a.initial);
  graph.forEachNode((target, a) => {
    if (!a.violating && !a.deadlock) return;
    let best: string[] | null = null;
    for (const source of initials) {
      const path = bidirectional(graph, source, target);
      if (path && (!best || path.length < best.length)) best = path;
    }
    if (!best) return;
    for (let i = 1; i < best.length; i++) {
      const edge = graph.findOutEdge(best[i - 1], best[i], () => true);
      if (edge !== undefined) graph.setEdgeAttribute(edge, 'counterexample', true);
    }
  });
}
