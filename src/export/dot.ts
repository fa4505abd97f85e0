import type { InterleaveGraph, StateNode, StepEdge } from '../graph/attributes';
import type { Change } from '../trace/diff';
import { formatPath, formatValue } from '../report/format-value';

/** A DOT string literal: backslashes doubled so that Graphviz escapes like `\N` do not fire; `\l` ends lines. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\l')}"`;
}

function lines(parts: readonly string[]): string {
  return quote(`${parts.join('\n')}\n`);
}

function stateLines(state: unknown, maxLength: number): string[] {
  if (typeof state === 'object' && state !== null && !Array.isArray(state) && !(state instanceof Set) && !(state instanceof Map)) {
    return Object.entries(state as Record<string, unknown>).map(([k, v]) => `${k} = ${formatValue(v, maxLength)}`);
  }
  return [formatValue(state, maxLength)];
}

function changeLine(c: Change): string {
  return 'after' in c ? `${formatPath(c.path)} = ${formatValue(c.after, 60)}` : `${formatPath(c.path)} removed`;
}

function nodeLabel(graph: InterleaveGraph, key: string, a: StateNode): string {
  const head: string[] = [];
  if (graph.getAttribute('kind') === 'trace') {
    head.push(a.steps.map((s) => `#${s}`).join(' = ') + (a.initial ? ' initial' : ''));
    // The changes are the ones of the step that first reached this state.
    const into = graph.findInEdge(key, (_, e) => e.step === a.steps[0]);
    if (a.initial) head.push(...stateLines(a.state, 60));
    else if (into !== undefined) head.push(...graph.getEdgeAttribute(into, 'changes').map(changeLine));
  } else {
    head.push(`${key.slice(0, 6)}${a.initial ? ' initial' : ''} (depth ${a.depth})`, ...stateLines(a.state, 60));
  }
  if (a.failing.length > 0) head.push(`✗ ${a.failing.join(', ')}`);
  if (a.deadlock) head.push('✗ deadlock');
  const loopStart = graph.getAttribute('loopStart');
  // A trace graph has one edge per step, so a loop that starts at the last step is a stutter.
  if (loopStart !== undefined && a.steps.includes(loopStart)) head.push(loopStart === graph.size ? '↻ stutters here forever' : '↻ loop starts here');
  return lines(head);
}

function nodeStyle(a: StateNode): string {
  const style: string[] = [];
  if (a.violating) style.push('style="filled,rounded"', 'fillcolor="#fde2e2"', 'color="#c0392b"');
  else if (a.deadlock) style.push('style="filled,rounded"', 'fillcolor="#fdebd0"', 'color="#d35400"');
  else style.push('style="rounded"');
  if (a.initial) style.push('peripheries=2');
  return style.join(', ');
}

function edgeLabel(a: StepEdge, kind: 'trace' | 'state-space'): string {
  const who = a.actor !== null ? `${a.actor}: ` : '';
  const step = kind === 'trace' && a.step !== undefined ? `${a.step}. ` : '';
  const failing = a.failing.length > 0 ? `\n✗ ${a.failing.join(', ')}` : '';
  return quote(`${step}${who}${a.label}${failing}`);
}

function edgeStyle(a: StepEdge, kind: 'trace' | 'state-space'): string {
  if (a.failing.length > 0) return 'color="#c0392b", fontcolor="#c0392b", penwidth=2';
  if (a.loop) return `color="#2563eb", fontcolor="#2563eb", penwidth=2${a.closesLoop ? ', style=bold, constraint=false' : ''}`;
  if (kind === 'state-space' && a.counterexample) return 'color="#c0392b", penwidth=2';
  return 'color="#444444"';
}

/** The `id` of a state's element in the SVG. */
export function nodeElementId(key: string): string {
  return `s${key}`;
}

/** The `id` of an edge's element in the SVG. */
export function edgeElementId(key: string): string {
  return `e${key}`;
}

/**
 * Graphviz DOT text of a trace graph or a state space. Node and edge `id`s (`s<fingerprint>`, `e<edge key>`)
 * carry over into the SVG, where the HTML viewer finds them.
 */
export function toDot(graph: InterleaveGraph): string {
  const info = graph.getAttributes();
  const title =
    info.kind === 'trace'
      ? `${info.model}${info.violation ? `: ${info.violation.kind} ${info.violation.name} violated` : ''}`
      : `${info.model}: ${graph.order} states, ${graph.size} transitions`;
  const out: string[] = [
    `digraph ${quote(info.model || 'interleave')} {`,
    `  graph [label=${quote(title)}, labelloc=t, fontname="Helvetica", fontsize=14, rankdir=TB, nodesep=0.4, ranksep=0.45];`,
    '  node [shape=box, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  graph.forEachNode((key, a) => {
    out.push(`  ${quote(key)} [id=${quote(nodeElementId(key))}, label=${nodeLabel(graph, key, a)}, ${nodeStyle(a)}];`);
  });
  graph.forEachEdge((edge, a, source, target) => {
    out.push(`  ${quote(source)} -> ${quote(target)} [id=${quote(edgeElementId(edge))}, label=${edgeLabel(a, info.kind)}, ${edgeStyle(a, info.kind)}];`);
  });
  out.push('}');
  return `${out.join('\n')}\n`;
}
