import * as path from 'node:path';
import type { AnyModel } from '../model/types';
import type { CheckResult } from '../check/result';
import { resultJson } from '../report/result-json';
import { writeAtomic } from '../report/write-atomic';

/** The folder name of a violation's trace files: `<kind>-<name>`, safe for any file system. */
export function violationFolder(kind: string, name: string): string {
  return `${kind}-${name}`.replace(/[^\w.-]+/g, '_');
}

/** Writes, for each violation with a trace, its trace files into `<dir>/<kind>-<name>/`. Returns the folders. */
export async function writeViolationFiles(dir: string, model: AnyModel, result: CheckResult): Promise<string[]> {
  const folders: string[] = [];
  const json = resultJson(result) as { violations: unknown[] };
  result.violations.forEach((v, i) => {
    if (v.trace.length === 0) return;
    const folder = path.join(dir, violationFolder(v.kind, v.name));
    writeAtomic(path.join(folder, 'violation.json'), `${JSON.stringify({ model: model.name, params: result.params, ...(json.violations[i] as object) }, null, 2)}\n`);
    folders.push(folder);
  });
  return folders;
}
