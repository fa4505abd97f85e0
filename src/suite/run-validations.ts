import * as path from 'node:path';
import type { AnyModel, Params } from '../model/types';
import type { SuiteEntry } from './types';
import { DEFAULT_MAPPING, loadMapping } from '../validate/mapping';
import { readLog } from '../validate/read-log';
import { validateLog } from '../validate/validate-log';
import { validationEngine } from '../validate/validation-engine';

/** Validates the entry's recorded logs against its model; returns what differs from the entry's expectations. */
export async function runValidations(entry: SuiteEntry, model: AnyModel, params: Params, specFile: string): Promise<string[]> {
  const problems: string[] = [];
  for (const v of entry.validations ?? []) {
    const log = path.resolve(path.dirname(specFile), v.log);
    const mapping = v.map !== undefined ? loadMapping(path.resolve(path.dirname(specFile), v.map)) : DEFAULT_MAPPING;
    const r = await validateLog(validationEngine(model, params), readLog(log, v.format ?? 'ndjson', mapping), {
      file: v.log,
      maxSilent: v.maxSilent ?? 0,
      ...(mapping.silent !== undefined ? { silent: mapping.silent } : {}),
    });
    const got = r.verdict === 'divergence' ? `divergence at line ${r.divergence?.line}` : r.verdict;
    const want = v.expect === 'divergence' && v.line !== undefined ? `divergence at line ${v.line}` : v.expect;
    const agrees = r.verdict === v.expect && (v.expect !== 'divergence' || v.line === undefined || r.divergence?.line === v.line);
    if (!agrees) problems.push(`log ${v.log}: expected ${want}, got ${got}`);
  }
  return problems;
}
