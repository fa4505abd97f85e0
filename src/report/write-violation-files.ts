import * as path from 'node:path';
import type { AnyModel } from '../model/types';
import type { CheckResult } from '../check/result';
import type { writeTraceFiles as WriteTraceFiles } from '../export/write-trace-files';

/** The folder name of a violation's trace files: `<kind>-<name>`, safe for any file system. */
export function violationFolder(kind: string, name: string): string {
  return `${kind}-${name}`.replace(/[^\w.-]+/g, '_');
}

/**
 * Writes, for each violation with a trace, its trace files (ITF, DOT, GraphML, Mermaid, SVG, HTML) into
 * `<dir>/<kind>-<name>/`. Returns the folders written.
 */
export async function writeViolationFiles(dir: string, model: AnyModel, result: CheckResult): Promise<string[]> {
  const folders: string[] = [];
  let writeTraceFiles: typeof WriteTraceFiles | undefined;
  for (const violation of result.violations) {
    if (violation.trace.length === 0) continue;
    // Loaded on first use: a check that holds writes no trace, and the exporters take long to load.
    writeTraceFiles ??= (await import('../export/write-trace-files')).writeTraceFiles;
    const folder = path.join(dir, violationFolder(violation.kind, violation.name));
    await writeTraceFiles(folder, { model, params: result.params, violation });
    folders.push(folder);
  }
  return folders;
}
