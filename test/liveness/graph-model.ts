import { defineModel } from '../../src/model/define-model';
import type { Model } from '../../src/model/types';
import type { Fairness, Property } from '../../src/model/property';

/** An edge of a hand-written graph: from, to, and the action type that takes it. */
export type Edge = readonly [number, number, string];

export interface GraphAction {
  readonly type: string;
  readonly to: number;
}

export interface GraphSpec {
  readonly init: readonly number[];
  readonly edges: readonly Edge[];
  readonly fairness?: readonly Fairness<GraphAction>[];
  readonly properties: Readonly<Record<string, Property<number, Record<string, never>>>>;
}

/** A model whose states are the numbered nodes of a graph and whose actions are its edges. */
export function graphModel(spec: GraphSpec): Model<number, GraphAction, Record<string, never>> {
  const fairness = spec.fairness ?? [];
  return defineModel<number, GraphAction, Record<string, never>>({
    name: 'graph',
    params: {},
    init: () => [...spec.init],
    actions: (s) => spec.edges.filter(([from]) => from === s).map(([, to, type]) => ({ type, to })),
    next: (_s, a) => a.to,
    invariants: {},
    properties: spec.properties,
    fairness: () => fairness,
  });
}
