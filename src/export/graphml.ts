import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import type { GraphInfo, InterleaveGraph, StateNode, StepEdge } from '../graph/attributes';
import { InterleaveError } from '../errors/interleave-error';
import { decodeEdge, decodeInfo, decodeNode, encodeEdge, encodeInfo, encodeNode } from './graph-codec';
import { formatValue } from '../report/format-value';

type Domain = 'graph' | 'node' | 'edge';
/** `json` is a GraphML string holding JSON text. */
type XmlType = 'string' | 'int' | 'boolean' | 'json';

/**
 * The GraphML keys. Scalars keep their GraphML type; lists, states and actions are JSON text (states as ITF
 * values). `label` is a readable summary for tools such as Gephi and yEd.
 */
const KEYS: ReadonlyArray<readonly [Domain, string, XmlType]> = [
  ['graph', 'kind', 'string'],
  ['graph', 'model', 'string'],
  ['graph', 'params', 'json'],
  ['graph', 'violation', 'json'],
  ['graph', 'loopStart', 'int'],
  ['node', 'label', 'string'],
  ['node', 'depth', 'int'],
  ['node', 'state', 'json'],
  ['node', 'changed', 'json'],
  ['node', 'failing', 'json'],
  ['node', 'initial', 'boolean'],
  ['node', 'violating', 'boolean'],
  ['node', 'deadlock', 'boolean'],
  ['node', 'steps', 'json'],
  ['edge', 'label', 'string'],
  ['edge', 'actor', 'string'],
  ['edge', 'action', 'json'],
  ['edge', 'step', 'int'],
  ['edge', 'changes', 'json'],
  ['edge', 'failing', 'json'],
  ['edge', 'loop', 'boolean'],
  ['edge', 'closesLoop', 'boolean'],
  ['edge', 'counterexample', 'boolean'],
];

function escape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD') // not allowed in XML 1.0
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function data(domain: Domain, values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [d, name, type] of KEYS) {
    if (d !== domain) continue;
    const v = values[name];
    if (v === undefined || v === null) continue;
    const text = type === 'json' ? JSON.stringify(v) : String(v);
    out.push(`<data key="${d[0]}_${name}">${escape(text)}</data>`);
  }
  return out;
}

/** GraphML text of a trace graph or a state space (graphology-graphml reads it back: see `readGraphml`). */
export function toGraphml(graph: InterleaveGraph): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS.map(([d, name, type]) => `  <key id="${d[0]}_${name}" for="${d}" attr.name="${name}" attr.type="${type === 'json' ? 'string' : type}"/>`),
    '  <graph edgedefault="directed">',
    ...data('graph', { ...encodeInfo(graph.getAttributes()) }).map((x) => `    ${x}`),
  ];
  graph.forEachNode((key, a) => {
    const label = a.steps.length > 0 ? `#${a.steps.join(' = #')}` : formatValue(a.state, 120);
    out.push(`    <node id="${escape(key)}">`, ...data('node', { ...encodeNode(a), label }).map((x) => `      ${x}`), '    </node>');
  });
  graph.forEachEdge((key, a, source, target) => {
    out.push(
      `    <edge id="${escape(key)}" source="${escape(source)}" target="${escape(target)}">`,
      ...data('edge', { ...encodeEdge(a) }).map((x) => `      ${x}`),
      '    </edge>',
    );
  });
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}

function parseJsonFields(domain: Domain, a: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [d, name, type] of KEYS) {
    const v = out[name];
    if (d === domain && type === 'json' && typeof v === 'string') out[name] = JSON.parse(v) as unknown;
  }
  return out;
}

/** Reads GraphML written by `toGraphml` with graphology-graphml's parser, decoding states into their values. */
export function readGraphml(text: string): InterleaveGraph {
  let raw: MultiDirectedGraph;
  try {
    raw = parse(MultiDirectedGraph, text);
    const graph: InterleaveGraph = new MultiDirectedGraph<StateNode, StepEdge, GraphInfo>();
    graph.replaceAttributes(decodeInfo(parseJsonFields('graph', raw.getAttributes())));
    raw.forEachNode((key, a) => graph.addNode(key, decodeNode(parseJsonFields('node', a))));
    raw.forEachEdge((key, a, source, target) =>
      graph.addDirectedEdgeWithKey(key, source, target, decodeEdge(parseJsonFields('edge', a))),
    );
    return graph;
  } catch (error) {
    if (error instanceof InterleaveError) throw error;
    throw new InterleaveError({ code: 'IL403', message: `The GraphML file is unusable: ${error instanceof Error ? error.message : String(error)}` });
  }
}
