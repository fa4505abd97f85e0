import * as path from 'node:path';
import type { SuiteEntry } from './types';
import type { Params } from '../model/types';
import type { EntryResult } from './entry-result';
import { check } from '../check/check';
import { loadModel } from '../load/load-model';
import { InterleaveError, type ErrorInfo } from '../errors/interleave-error';
import { evaluateEntry, propertiesOf } from './evaluate-entry';
import { reproduceCommand } from '../report/reproduce';
import { violationFolder, writeViolationFiles } from '../report/write-violation-files';
import { runValidations } from './run-validations';
import { runBoundedEntry } from './run-bounded-entry';

/** Where an entry's trace files go: `<out>/<suite>/<entry>/`. */
export function entryFolder(suite: string, entry: string): string {
  return path.join(suite, entry).replace(/[^\w./-]+/g, '_');
}

export interface RunEntryInput {
  readonly suite: string;
  readonly specFile: string;
  readonly entry: SuiteEntry;
  /** Absent when the entry's model file is not known (see `unusable`). */
  readonly modelPath?: string;
  /** Why the entry cannot be run, found while its spec file was loaded: it becomes an error row. */
  readonly unusable?: ErrorInfo;
  /** Folder for trace files; none written when absent. */
  readonly outDir?: string;
}

/**
 * Runs one suite entry: loads its model, checks that the entry names only real properties, checks, compares. An
 * entry that cannot be run as written (a coded error) is an error row, so that the other entries still run.
 */
export async function runEntry(input: RunEntryInput): Promise<EntryResult> {
  if (input.unusable !== undefined) return unusableRow(input, input.unusable);
  try {
    return await runUsable(input, input.modelPath as string);
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    return unusableRow(input, error.toInfo());
  }
}

/** A row with no run to show: no counts and no outcome per property, only why. */
function rowWithoutRun(input: RunEntryInput, verdict: EntryResult['verdict'], problem: string, seconds: number, reproduce: string): EntryResult {
  const { entry } = input;
  const model = input.modelPath !== undefined ? path.relative(process.cwd(), input.modelPath) : typeof entry.model === 'string' ? entry.model : '';
  return {
    suite: input.suite,
    specFile: input.specFile,
    entry: entry.name,
    model,
    modelName: '',
    params: (entry.params ?? {}) as Params,
    entryParams: entry.params ?? {},
    verdict,
    distinctStates: 0,
    generatedStates: 0,
    depth: 0,
    seconds,
    properties: [],
    problems: [problem],
    passed: false,
    reproduce,
  };
}

/** The row of an entry that could not be run: verdict `error`, the error as its problem. */
export function unusableRow(input: RunEntryInput, error: ErrorInfo): EntryResult {
  const row = rowWithoutRun(input, 'error', `${error.code}: ${error.message}${error.hint ? ` Hint: ${error.hint}` : ''}`, 0, `npx interleave suite ${input.specFile}`);
  return { ...row, unusable: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}

/**
 * The row of an entry whose run did not stop by itself within `graceSeconds` past its `timeLimit` (model code that
 * does not return): its thread was stopped; `check --time-limit` on the reproduce line names the call.
 */
export function stoppedRow(input: RunEntryInput, graceSeconds: number): EntryResult {
  const limit = input.entry.timeLimit ?? 0;
  const model = input.modelPath !== undefined ? path.relative(process.cwd(), input.modelPath) : String(input.entry.model);
  const problem = `the run did not stop within ${graceSeconds} s past its time limit of ${limit} s, so its thread was stopped: model code that does not return? The reproduce line names the call`;
  return rowWithoutRun(input, 'incomplete', problem, limit + graceSeconds, reproduceCommand(model, (input.entry.params ?? {}) as Params, ['--continue', '--time-limit', String(limit)]));
}

async function runUsable(input: RunEntryInput, modelPath: string): Promise<EntryResult> {
  const { entry } = input;
  const model = loadModel(modelPath);
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
  if (entry.mode === 'simulate' || entry.maxSwitches !== undefined) return runBoundedEntry(input, model);
  const result = check(model, {
    params: entry.params ?? {},
    continue: true,
    ...(entry.maxStates !== undefined ? { maxStates: entry.maxStates } : {}),
    ...(entry.maxDepth !== undefined ? { maxDepth: entry.maxDepth } : {}),
    ...(entry.timeLimit !== undefined ? { timeLimit: entry.timeLimit } : {}),
    ...(entry.strategy !== undefined ? { strategy: entry.strategy } : {}),
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
  const allProblems = [...problems, ...(await runValidations(entry, model, result.params, input.specFile))];
  const flags: string[] = ['--continue'];
  if (entry.maxStates !== undefined) flags.push('--max-states', String(entry.maxStates));
  if (entry.maxDepth !== undefined) flags.push('--max-depth', String(entry.maxDepth));
  if (entry.timeLimit !== undefined) flags.push('--time-limit', String(entry.timeLimit));
  if (entry.strategy === 'dfs') flags.push('--strategy', 'dfs');
  return {
    suite: input.suite,
    specFile: input.specFile,
    entry: entry.name,
    model: path.relative(process.cwd(), modelPath),
    modelName: model.name,
    params: result.params,
    entryParams: entry.params ?? {},
    verdict: result.verdict,
    distinctStates: result.distinctStates,
    generatedStates: result.generatedStates,
    depth: result.depth,
    seconds: result.durationMs / 1000,
    properties,
    problems: allProblems,
    passed: allProblems.length === 0 && properties.every((p) => p.problems.length === 0),
    reproduce: reproduceCommand(path.relative(process.cwd(), modelPath), result.params, flags),
  };
}
