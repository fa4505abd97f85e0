import type { Io } from './io';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { exportStateGraph, type GraphFormat } from '../export/export-state-graph';
import { writeAtomic } from '../report/write-atomic';
import { parseParams, parsePositive } from './parse-params';
import { EXIT } from '../errors/interleave-error';

export interface GraphCommandOptions {
  readonly param?: string[];
  readonly maxStates?: string;
  readonly format: string;
  readonly out?: string;
  readonly typecheck?: boolean;
}

/** `interleave graph <model>`: the whole state space (capped) as DOT, GraphML, graphology JSON or SVG. */
export async function graphCommand(file: string, opts: GraphCommandOptions, io: Io): Promise<number> {
  const model = loadModel(file, { typecheck: opts.typecheck !== false });
  const params = resolveParams(model, parseParams(opts.param ?? []));
  const maxStates = parsePositive('--max-states', opts.maxStates);
  const content = await exportStateGraph(model, params, { format: opts.format as GraphFormat, ...(maxStates !== undefined ? { maxStates } : {}) });
  if (opts.out) {
    writeAtomic(opts.out, content);
    io.err(`State graph of ${model.name} written to ${opts.out}\n`);
  } else io.out(content.endsWith('\n') ? content : `${content}\n`);
  return EXIT.ok;
}
