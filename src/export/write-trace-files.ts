import * as path from 'node:path';
import type { AnyModel, Params } from '../model/types';
import { viewTrace, type TraceSource } from '../graph/trace-view';
import { traceGraphOf } from '../graph/trace-graph';
import { toItf } from './itf';
import { toDot } from './dot';
import { toGraphml } from './graphml';
import { toMermaid } from './mermaid';
import { renderSvg } from './svg';
import { toHtml } from './html';
import { writeAtomic } from '../report/write-atomic';

export interface TraceFilesInput {
  readonly model: AnyModel;
  /** Overrides of the model's default params, as the check ran with them. */
  readonly params?: Partial<Params>;
  /** A counterexample (a `Violation`), or any trace (trace validation writes the model trace matching a log). */
  readonly violation: TraceSource;
  /** Labels for the steps instead of the actions' (trace validation: the log line each step matched). */
  readonly labels?: readonly string[];
}

/** The files written for each counterexample, in the order `writeTraceFiles` returns them. */
export const TRACE_FILES = ['trace.json', 'trace.dot', 'trace.graphml', 'trace.mmd', 'trace.svg', 'index.html'] as const;

/**
 * Writes one counterexample into `dir` (created if missing): the trace as ITF (`trace.json`), its graph as
 * DOT, GraphML and SVG, the Mermaid sequence diagram and the HTML viewer. Returns the paths written.
 */
export async function writeTraceFiles(dir: string, input: TraceFilesInput): Promise<string[]> {
  const viewed = viewTrace(input.violation, { model: input.model, ...(input.params ? { params: input.params } : {}) });
  const labels = input.labels;
  const view = labels === undefined ? viewed : { ...viewed, steps: viewed.steps.map((step, i) => ({ ...step, label: labels[i] ?? step.label })) };
  const graph = traceGraphOf(view);
  const dot = toDot(graph);
  const svg = await renderSvg(dot);
  const contents: Record<(typeof TRACE_FILES)[number], string> = {
    'trace.json': toItf(view),
    'trace.dot': dot,
    'trace.graphml': toGraphml(graph),
    'trace.mmd': toMermaid(view),
    'trace.svg': svg,
    'index.html': toHtml(view, svg),
  };
  return TRACE_FILES.map((name) => {
    const file = path.join(dir, name);
    writeAtomic(file, contents[name]);
    return file;
  });
}
