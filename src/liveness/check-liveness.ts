import type { Action, AnyModel, Params } from '../model/types';
import type { IncompleteReason, LivenessStats, Violation } from '../check/result';
import type { Fairness, Property } from '../model/property';
import type { StateGraph } from './state-graph';
import type { RecordPlan } from './graph-recorder';
import type { SearchPlan } from '../check/search-outcome';
import { fairnessOf } from './fairness-of';
import { breadthFirstSearch } from '../search/bfs/bfs';
import { resolveOptions } from '../check/options';
import { negationMonitor } from './monitor';
import { Product } from './product';
import { fairComponents, type FairnessMasks } from './fair-components';
import { findLasso } from './lasso-search';
import { lassoTrace } from './lasso-trace';
import { InterleaveError } from '../errors/interleave-error';

/** The verdict on one temporal property. `unknown` when the graph was cut short and no violation was found. */
export interface PropertyOutcome {
  readonly name: string;
  readonly kind: Property['kind'];
  readonly status: 'holds' | 'violated' | 'unknown';
  /** For `violated`: a lasso (`kind: 'liveness'`, `loopStart` set). */
  readonly violation?: Violation;
}

export interface LivenessOutcome {
  readonly properties: readonly PropertyOutcome[];
  /** The violated properties' counterexamples, in property order. */
  readonly violations: readonly Violation[];
  /** Names of the fairness conditions assumed. */
  readonly fairness: readonly string[];
  readonly stats: LivenessStats;
  /** Set when a bound stopped the exploration: violations found are real, but nothing was shown to hold. */
  readonly incomplete?: IncompleteReason;
}

export interface LivenessOptions {
  readonly maxStates: number;
  readonly timeLimitMs: number;
  /** Check only these properties. Default: all of the model's `properties`. */
  readonly names?: readonly string[];
  /** Threads, with the model's `file` (see `breadthFirstSearch`). Default 1. */
  readonly workers?: number;
  readonly file?: string;
}

function selectProperties(model: AnyModel, names: readonly string[] | undefined): [string, Property<unknown, Params>][] {
  const all = Object.entries(model.properties ?? {});
  if (names === undefined) return all;
  const known = new Map(all);
  return names.map((name) => {
    const p = known.get(name);
    if (p === undefined) {
      throw new InterleaveError({
        code: 'IL104',
        message: `Unknown property "${name}" for model ${model.name}.`,
        hint: all.length ? `Its properties are: ${all.map(([n]) => n).join(', ')}.` : 'The model declares no properties.',
      });
    }
    return [name, p];
  });
}

/** The properties to check, their fairness conditions and what the search must record for them. */
export interface LivenessSetup {
  readonly selected: readonly (readonly [string, Property<unknown, Params>])[];
  readonly fairness: readonly Fairness<Action>[];
  readonly record: RecordPlan;
}

/**
 * Selects the properties (IL104 for an unknown name) and checks the model's fairness conditions (IL204, IL301),
 * before the search that records the graph starts.
 */
export function livenessSetup(model: AnyModel, params: Params, names: readonly string[] | undefined): LivenessSetup {
  const selected = selectProperties(model, names);
  const fairness = fairnessOf(model, params);
  return { selected, fairness, record: { properties: selected.map(([name]) => name), fairness: fairness.length > 0 } };
}

/**
 * Decides the model's temporal properties under its fairness conditions, exactly, on the state graph the safety
 * search recorded. For each property, a product of the graph with the property's negation monitor is searched
 * for a fair accepting strongly connected component; its counterexample is a lasso with the shortest prefix.
 * On a graph cut short by a bound, a lasso found among the expanded states is real; otherwise the property is
 * `unknown`. `params` are the resolved params (defaults merged); `exploreMs` is the recording search's time.
 */
export function analyseLiveness(model: AnyModel, params: Params, setup: LivenessSetup, graph: StateGraph, exploreMs: number): LivenessOutcome {
  const explored = performance.now();
  const { selected, fairness } = setup;
  let masks: FairnessMasks = { weak: 0, strong: 0 };
  fairness.forEach((f, k) => {
    masks = f.kind === 'weak' ? { ...masks, weak: masks.weak | (1 << k) } : { ...masks, strong: masks.strong | (1 << k) };
  });

  const properties: PropertyOutcome[] = [];
  const violations: Violation[] = [];
  let analysisBytes = 0;
  selected.forEach(([name, prop], j) => {
    const product = new Product(graph, negationMonitor(prop), j);
    // fairComponents: 7 Int32Arrays and 1 byte per node; findLasso: 4 Int32Arrays per node.
    analysisBytes = Math.max(analysisBytes, product.size * (7 * 4 + 1 + 4 * 4));
    const lasso = findLasso(product, fairComponents(product, masks), masks);
    if (lasso === undefined) {
      properties.push({ name, kind: prop.kind, status: graph.incomplete === undefined ? 'holds' : 'unknown' });
      return;
    }
    const violation: Violation = { kind: 'liveness', name, trace: lassoTrace(model, params, graph, lasso), loopStart: lasso.loopStart };
    properties.push({ name, kind: prop.kind, status: 'violated', violation });
    violations.push(violation);
  });
  const analyseMs = Math.round(performance.now() - explored);

  return {
    properties,
    violations,
    fairness: fairness.map((f, k) => f.name ?? `${f.kind === 'weak' ? 'WF' : 'SF'} #${k + 1}`),
    stats: {
      states: graph.size,
      edges: graph.edgeCount,
      generatedStates: graph.generatedStates,
      depth: graph.depth,
      bytesPerEdge: graph.bytesPerEdge,
      bytesPerState: graph.bytesPerState,
      graphBytes: graph.bytes,
      analysisBytes,
      exploreMs: Math.round(exploreMs),
      analyseMs,
      durationMs: Math.round(exploreMs) + analyseMs,
    },
    ...(graph.incomplete !== undefined ? { incomplete: graph.incomplete } : {}),
  };
}

/**
 * The temporal properties alone: a breadth-first search that checks no invariant and records the state graph,
 * then `analyseLiveness`. Model failures throw their `InterleaveError` (IL3xx). `check` does the same within
 * its safety search.
 */
export function checkLiveness(model: AnyModel, params: Params, opts: LivenessOptions): LivenessOutcome {
  const start = performance.now();
  const setup = livenessSetup(model, params, opts.names);
  const resolved = { ...resolveOptions({ ...(opts.workers !== undefined ? { workers: opts.workers } : {}) }), maxStates: opts.maxStates, timeLimitMs: opts.timeLimitMs };
  const plan: SearchPlan = { invariants: [], actionInvariants: [], reachable: [], deadlock: false, record: setup.record };
  const outcome = breadthFirstSearch(model, params, plan, resolved, opts.file);
  if (outcome.failure !== undefined) throw outcome.failure.error;
  return analyseLiveness(model, params, setup, outcome.graph as StateGraph, performance.now() - start);
}
