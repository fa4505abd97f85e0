import type { AnyModel, Params } from '../model/types';
import { InterleaveError } from '../errors/interleave-error';
import { buildStateSpaceGraph, DEFAULT_GRAPH_MAX_STATES } from '../graph/state-space-graph';
import { toDot } from './dot';
import { toGraphml } from './graphml';
import { toGraphJson } from './json';
import { renderSvg } from './svg';

export type GraphFormat = 'dot' | 'graphml' | 'json' | 'svg';

export const GRAPH_FORMATS: readonly GraphFormat[] = ['dot', 'graphml', 'json', 'svg'];

export interface StateGraphExportOptions {
  /** Default `DEFAULT_GRAPH_MAX_STATES` (1000); a larger state space is an IL101 error. */
  readonly maxStates?: number;
  readonly format: GraphFormat;
}

/** The whole state space of `model` as file content, for `interleave graph`. */
export async function exportStateGraph(model: AnyModel, params: Partial<Params> | undefined, options: StateGraphExportOptions): Promise<string> {
  if (!GRAPH_FORMATS.includes(options.format)) {
    throw new InterleaveError({
      code: 'IL101',
      message: `Unknown graph format ${JSON.stringify(options.format)}; use one of ${GRAPH_FORMATS.join(', ')}.`,
    });
  }
  const graph = buildStateSpaceGraph(model, { maxStates: options.maxStates ?? DEFAULT_GRAPH_MAX_STATES, ...(params ? { params } : {}) });
  switch (options.format) {
    case 'dot':
      return toDot(graph);
    case 'graphml':
      return toGraphml(graph);
    case 'json':
      return toGraphJson(graph);
    case 'svg':
      return renderSvg(toDot(graph));
  }
}
