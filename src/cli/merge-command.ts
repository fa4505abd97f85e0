import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Io } from './io';
import type { SimulateResult } from '../search/simulate/types';
import type { SimulationReport } from '../search/simulate/merge';
import { mergeReports } from '../search/simulate/merge';
import { formatSimulation } from '../report/format-simulation';
import { writeAtomic } from '../report/write-atomic';
import { EXIT, InterleaveError } from '../errors/interleave-error';

export interface MergeCommandOptions {
  readonly json?: boolean;
  readonly out?: string;
}

function read(file: string): SimulationReport {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InterleaveError({ code: 'IL105', message: `Report ${file} cannot be read: ${(error as Error).message}.`, file });
  }
  try {
    return JSON.parse(text) as SimulationReport;
  } catch {
    throw new InterleaveError({ code: 'IL105', message: `Report ${file} is not JSON.`, hint: 'Give the files written by simulate --json (stdout) or --out DIR (DIR/result.json).', file });
  }
}

/** `interleave merge a.json b.json ...`: one report from the shards of a swarm; exit 1 when any found a violation. */
export async function mergeCommand(files: readonly string[], opts: MergeCommandOptions, io: Io): Promise<number> {
  const merged = mergeReports(files.map((file) => ({ file: path.relative(process.cwd(), path.resolve(file)) || file, report: read(file) })));
  if (opts.out) writeAtomic(opts.out, `${JSON.stringify(merged, null, 2)}\n`);
  if (opts.json) io.out(`${JSON.stringify(merged)}\n`);
  else io.out(`${formatSimulation(merged as unknown as SimulateResult)}\n\nMerged: ${files.join(' ')}\n`);
  return merged.verdict === 'ok' ? EXIT.ok : EXIT.violation;
}
