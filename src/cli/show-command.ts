import * as fs from 'node:fs';
import type { Io } from './io';
import { loadModel } from '../load/load-model';
import { showTrace } from '../export/show-trace';
import { parseParams } from './parse-params';
import { EXIT, InterleaveError } from '../errors/interleave-error';

export interface ShowCommandOptions {
  readonly model?: string;
  readonly param?: string[];
  readonly typecheck?: boolean;
}

/** `interleave show <trace.json>`: a saved ITF trace with lanes and diffs; with --model, every step is re-validated. */
export async function showCommand(file: string, opts: ShowCommandOptions, io: Io): Promise<number> {
  if (!fs.existsSync(file)) {
    throw new InterleaveError({ code: 'IL403', message: `The trace file ${file} does not exist.`, file });
  }
  const model = opts.model ? loadModel(opts.model, { typecheck: opts.typecheck !== false }) : undefined;
  const params = parseParams(opts.param ?? []);
  io.out(`${showTrace(fs.readFileSync(file, 'utf8'), model, Object.keys(params).length ? { params } : {})}\n`);
  return EXIT.ok;
}
