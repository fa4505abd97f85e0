import { MultiDirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type { GraphInfo, InterleaveGraph, StateNode, StepEdge } from '../graph/attributes';
import { InterleaveError } from '../errors/interleave-error';
import { decodeEdge, decodeInfo, decodeNode, encodeEdge, encodeInfo, encodeNode, type EdgeJson, type InfoJson, type NodeJson } from './graph-codec';

/** graphology's serialisation format (`graph.export()`), with state values encoded as ITF values. */
export function toGraphJson(graph: InterleaveGraph): string {
  const encoded = new MultiDirectedGraph<NodeJson, EdgeJson, InfoJson>();
  encoded.replaceAttributes(encodeInfo(graph.getAttributes()));
  graph.forEachNode((key, a) => encoded.addNode(key, encodeNode(a)));
  graph.forEachEdge((key, a, source, target) => encoded.addDirectedEdgeWithKey(key, source, target, encodeEdge(a)));
  return `${JSON.stringify(encoded.export(), null, 1)}\n`;
}

/** Reads `toGraphJson`'s output back with graphology's `import`, decoding states into their values. */
export function readGraphJson(text: string): InterleaveGraph {
  let data: SerializedGraph;
  try {
    data = JSON.parse(text) as SerializedGraph;
  } catch (error) {
    throw new InterleaveError({ code: 'IL403', message: `The graph file is not JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  let raw: MultiDirectedGraph;
  try {
    raw = MultiDirectedGraph.from(data);
  } catch (error) {
    throw new InterleaveError({ code: 'IL403', message: `The graph file is not a graphology graph: ${error instanceof Error ? error.message : String(error)}` });
  }
  const graph: InterleaveGraph = new MultiDirectedGraph<StateNode, StepEdge, GraphInfo>();
  graph.replaceAttributes(decodeInfo(raw.getAttributes()));
  raw.forEachNode((key, a) => graph.addNode(key, decodeNode(a)));
  raw.forEachEdge((key, a, source, target) => graph.addDirectedEdgeWithKey(key, source, target, decodeEdge(a)));
  return graph;
}
