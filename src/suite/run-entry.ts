import * as path from 'node:path';
import type { SuiteEntry } from './types';
import type { EntryResult } from './entry-result';
import { check } from '../check/check';
import { loadModel } from '../load/load-model';
import { InterleaveError } from '../errors/interleave-error';
import { evaluateEntry, propertiesOf } from './evaluate-entry';
import { reproduceCommand } from '../report/reproduce';
import { violationFolder, writeViolationFiles } from '../report/write-violation-files';

/** Where an entry's trace files go: `<out>/<suite>/<entry>/`. */
export function entryFolder(suite: string, entry: string): string {
  return path.join(suite, entry).replace(/[^\w./-]+/g, '_');
}

export interface RunEntryInput {
  readonly suite: string;
  readonly specFile: string;
  readonly entry: SuiteEntry;
  readonly modelPath: string;
  /** Folder for trace files; none written when absent. */
  readonly outDir?: string;
}

/** Runs one suite entry: loads its model, checks that the entry names only real properties, checks, compares. */
export async function runEntry(input: RunEntryInput): Promise<EntryResult> {
  const { entry } = input;
  const model = loadModel(input.modelPath);
  const known = new Set(propertiesOf(model, true).map(([n]) => n));
  for (const name of [...Object.keys(entry.expect), ...Object.keys(entry.traces ?? {})]) {
    if (!known.has(name) || name === 'deadlock') {
      throw new InterleaveError({
        code: 'IL402',
        message: `Spec file ${input.specFile}, entry "${entry.name}": the model ${model.name} has no invariant or property "${name}".`,
        hint: `Its properties are: ${[...known].filter((n) => n !== 'deadlock').join(', ')} (expect a deadlock with \`deadlock: true\`).`,
        file: input.specFile,
      });
    }
  }
  const result = check(model, {
    params: entry.params ?? {},
    continue: true,
    ...(entry.maxStates !== undefined ? { maxStates: entry.maxStates } : {}),
    ...(entry.maxDepth !== undefined ? { maxDepth: entry.maxDepth } : {}),
    ...(entry.timeLimit !== undefined ? { timeLimit: entry.timeLimit } : {}),
  });
  const traceDirs: Record<string, string> = {};
  if (input.outDir && result.violations.length > 0) {
    const rel = entryFolder(input.suite, entry.name);
    await writeViolationFiles(path.join(input.outDir, rel), model, result);
    for (const v of result.violations) {
      if (v.trace.length > 0) traceDirs[v.kind === 'deadlock' ? 'deadlock' : v.name] = path.join(rel, violationFolder(v.kind, v.name));
    }
  }
  const { properties, problems } = evaluateEntry(entry, model, result, traceDirs);
  const flags: string[] = ['--continue'];
  if (entry.maxStates !== undefined) flags.push('--max-states', String(entry.maxStates));
  if (entry.maxDepth !== undefined) flags.push('--max-depth', String(entry.maxDepth));
  if (entry.timeLimit !== undefined) flags.push('--time-limit', String(entry.timeLimit));
  return {
    suite: input.suite,
    specFile: input.specFile,
    entry: entry.name,
    model: path.relative(process.cwd(), input.modelPath),
    modelName: model.name,
    params: result.params,
    entryParams: entry.params ?? {},
    verdict: result.verdict,
    distinctStates: result.distinctStates,
    generatedStates: result.generatedStates,
    depth: result.depth,
    seconds: result.durationMs / 1000,
    properties,
    problems,
    passed: problems.length === 0 && properties.every((p) => p.problems.length === 0),
    reproduce: reproduceCommand(path.relative(process.cwd(), input.modelPath), result.params, flags),
  };
}
