import type { Action, AnyModel, Params } from '../model/types';
import type { IncompleteReason, LivenessStats, Violation } from '../check/result';
import type { Fairness, Property } from '../model/property';
import { buildStateGraph, type LabelledPredicates } from './state-graph';
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
}

const MAX_FAIRNESS = 32;

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

function fairnessOf(model: AnyModel, params: Params): readonly Fairness<Action>[] {
  if (model.fairness === undefined) return [];
  let list: readonly Fairness<Action>[];
  try {
    list = model.fairness(params);
  } catch (error) {
    throw new InterleaveError({ code: 'IL301', message: `Model ${model.name}: fairness() threw ${error instanceof Error ? error.message : String(error)}.` });
  }
  if (!Array.isArray(list) || list.some((f) => typeof f?.actions !== 'function' || (f.kind !== 'weak' && f.kind !== 'strong'))) {
    throw new InterleaveError({
      code: 'IL204',
      message: `The model ${model.name} is malformed: \`fairness\` must return a list made with weak(...) and strong(...).`,
    });
  }
  if (list.length > MAX_FAIRNESS) {
    throw new InterleaveError({
      code: 'IL204',
      message: `The model ${model.name} declares ${list.length} fairness conditions; at most ${MAX_FAIRNESS} are supported.`,
      hint: 'Merge conditions over one action set into one weak(...) or strong(...) with a filter that selects all of them.',
    });
  }
  return list;
}

/**
 * Decides the model's temporal properties under its fairness conditions, exactly, on the whole reachable
 * state graph. For each property, a product of the graph with the property's negation monitor is searched
 * for a fair accepting strongly connected component; its counterexample is a lasso with the shortest prefix.
 * `params` are the resolved params (defaults merged). Model failures throw `InterleaveError` (IL3xx).
 */
export function checkLiveness(model: AnyModel, params: Params, opts: LivenessOptions): LivenessOutcome {
  const start = performance.now();
  const selected = selectProperties(model, opts.names);
  const fairness = fairnessOf(model, params);
  const predicates: LabelledPredicates[] = selected.map(([name, prop]) => (prop.kind === 'leadsTo' ? { name, p: prop.p, q: prop.q } : { name, p: prop.p }));
  const graph = buildStateGraph(model, params, fairness, predicates, opts);
  const explored = performance.now();

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
  const done = performance.now();

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
      graphBytes: graph.bytes,
      analysisBytes,
      exploreMs: Math.round(explored - start),
      analyseMs: Math.round(done - explored),
      durationMs: Math.round(done - start),
    },
    ...(graph.incomplete !== undefined ? { incomplete: graph.incomplete } : {}),
  };
}
