import { MultiDirectedGraph } from 'graphology';
import type { AnyModel, Params } from '../model/types';
import type { GraphInfo, InterleaveGraph, StateNode, StepEdge } from './attributes';
import { viewTrace, type TraceSource, type TraceView } from './trace-view';

/** The key of the edge for trace step `index` (1 for the first action). */
export function stepEdgeKey(index: number): string {
  return `step-${index}`;
}

export interface TraceGraphOptions {
  readonly model?: AnyModel;
  readonly params?: Partial<Params>;
}

/**
 * A counterexample as a graph: one node per distinct state (keyed by fingerprint, so the state that closes a
 * lasso is the node where the loop starts) and one edge per step.
 */
export function buildTraceGraph(source: TraceSource, options: TraceGraphOptions = {}): InterleaveGraph {
  return traceGraphOf(viewTrace(source, options));
}

/** The graph of an already prepared trace view. */
export function traceGraphOf(view: TraceView): InterleaveGraph {
  const info: GraphInfo = {
    kind: 'trace',
    model: view.model ?? '',
    params: view.params,
    ...(view.kind !== undefined && view.name !== undefined ? { violation: { kind: view.kind, name: view.name } } : {}),
    ...(view.loopStart !== undefined ? { loopStart: view.loopStart } : {}),
  };
  const graph: InterleaveGraph = new MultiDirectedGraph<StateNode, StepEdge, GraphInfo>();
  graph.replaceAttributes(info);
  const last = view.steps.length - 1;
  for (const step of view.steps) {
    const existing = graph.hasNode(step.key) ? graph.getNodeAttributes(step.key) : undefined;
    const deadlock = step.index === last && view.kind === 'deadlock';
    if (existing) {
      graph.replaceNodeAttributes(step.key, {
        ...existing,
        steps: [...existing.steps, step.index],
        violating: existing.violating || (step.violating && view.kind !== 'action-invariant'),
        deadlock: existing.deadlock || deadlock,
      });
    } else {
      graph.addNode(step.key, {
        depth: step.index + 1,
        state: step.state,
        changed: step.changes.map((c) => c.path),
        failing: step.failing,
        initial: step.index === 0,
        violating: step.violating && view.kind !== 'action-invariant',
        deadlock,
        steps: [step.index],
      });
    }
    const prev = view.steps[step.index - 1];
    if (prev && step.action) {
      graph.addDirectedEdgeWithKey(stepEdgeKey(step.index), prev.key, step.key, {
        label: step.label,
        action: step.action,
        actor: step.actor ?? null,
        step: step.index,
        changes: step.changes,
        failing: step.failingSteps,
        loop: step.inLoop,
        closesLoop: step.inLoop && step.index === last,
        counterexample: true,
      });
    }
  }
  return graph;
}
