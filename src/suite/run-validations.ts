import * as path from 'node:path';
import type { AnyModel, Params } from '../model/types';
import type { SuiteEntry } from './types';
import { DEFAULT_MAPPING, loadMapping } from '../validate/mapping';
import { validateFile } from '../validate/validate-file';

/** Validates the entry's recorded logs against its model; returns what differs from the entry's expectations. */
export async function runValidations(entry: SuiteEntry, model: AnyModel, params: Params, specFile: string): Promise<string[]> {
  const problems: string[] = [];
  for (const v of entry.validations ?? []) {
    const log = path.resolve(path.dirname(specFile), v.log);
    const mapping = v.map !== undefined ? loadMapping(path.resolve(path.dirname(specFile), v.map)) : DEFAULT_MAPPING;
    const r = await validateFile(model, params, log, { format: v.format ?? 'ndjson', mapping, maxSilent: v.maxSilent ?? 0 });
    const got = r.verdict === 'divergence' ? `divergence at line ${r.divergence?.line}` : r.verdict;
    const want = v.expect === 'divergence' && v.line !== undefined ? `divergence at line ${v.line}` : v.expect;
    const agrees = r.verdict === v.expect && (v.expect !== 'divergence' || v.line === undefined || r.divergence?.line === v.line);
    if (!agrees) problems.push(`log ${v.log}: expected ${want}, got ${got}`);
  }
  return problems;
}
