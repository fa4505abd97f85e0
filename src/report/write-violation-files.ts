import * as path from 'node:path';
import type { AnyModel } from '../model/types';
import type { CheckResult } from '../check/result';
import type { writeTraceFiles as WriteTraceFiles } from '../export/write-trace-files';
import { StepEngine } from '../engine/step-engine';
import { successorPathOf } from '../engine/successor-path';
import { InterleaveError } from '../errors/interleave-error';
import { reproduceCommand } from './reproduce';
import { writeAtomic } from './write-atomic';

/** The folder name of a violation's trace files: `<kind>-<name>`, safe for any file system. */
export function violationFolder(kind: string, name: string): string {
  return `${kind}-${name}`.replace(/[^\w.-]+/g, '_');
}

/**
 * The `interleave explore` command that opens the last state of `trace` in the explorer: its path of
 * successor-list indices, found by replaying the trace through the step engine.
 */
export function exploreCommandFor(file: string, model: AnyModel, result: CheckResult, trace: CheckResult['violations'][number]['trace']): string {
  const engine = new StepEngine(model, result.params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
  return reproduceCommand(file, result.params, ['--path', successorPathOf(engine, trace).join('.')], 'explore');
}

/**
 * Writes, for each violation with a trace, its trace files (ITF, DOT, GraphML, Mermaid, SVG, HTML) into
 * `<dir>/<kind>-<name>/`, and, given the model's file (`check --out`), `explore.txt`: the explore command that
 * opens the counterexample. Returns the folders written.
 */
export async function writeViolationFiles(dir: string, model: AnyModel, result: CheckResult, modelFile?: string): Promise<string[]> {
  const folders: string[] = [];
  let writeTraceFiles: typeof WriteTraceFiles | undefined;
  for (const violation of result.violations) {
    if (violation.trace.length === 0) continue;
    // Loaded on first use: a check that holds writes no trace, and the exporters take long to load.
    writeTraceFiles ??= (await import('../export/write-trace-files')).writeTraceFiles;
    const folder = path.join(dir, violationFolder(violation.kind, violation.name));
    await writeTraceFiles(folder, { model, params: result.params, violation });
    if (modelFile !== undefined) {
      let command: string;
      try {
        command = exploreCommandFor(modelFile, model, result, violation.trace);
      } catch (error) {
        // A trace the model does not replay is reported by the check itself; the command is left out, saying why.
        if (!(error instanceof InterleaveError)) throw error;
        command = `# no explore command: ${error.message}`;
      }
      writeAtomic(path.join(folder, 'explore.txt'), `${command}\n`);
    }
    folders.push(folder);
  }
  return folders;
}
