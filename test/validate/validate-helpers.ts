import type { LogFormat } from '../../src/validate/read-log';
import type { ValidationResult } from '../../src/validate/result';
import { loadModel } from '../../src/load/load-model';
import { resolveParams } from '../../src/model/resolve-params';
import { DEFAULT_MAPPING, loadMapping } from '../../src/validate/mapping';
import { readLog } from '../../src/validate/read-log';
import { validateLog } from '../../src/validate/validate-log';
import { validationEngine } from '../../src/validate/validation-engine';

/** Validates a log file as the CLI does, through the library. */
export async function validateFile(
  modelFile: string,
  log: string,
  opts: { format?: LogFormat; map?: string; params?: Record<string, string | number | boolean>; maxSilent?: number; keepTrace?: boolean } = {},
): Promise<ValidationResult> {
  const model = loadModel(modelFile, { typecheck: false });
  const mapping = opts.map !== undefined ? loadMapping(opts.map) : DEFAULT_MAPPING;
  const params = resolveParams(model, { ...mapping.params, ...(opts.params ?? {}) });
  return validateLog(validationEngine(model, params), readLog(log, opts.format ?? 'ndjson', mapping), {
    file: log,
    maxSilent: opts.maxSilent ?? 0,
    ...(mapping.silent !== undefined ? { silent: mapping.silent } : {}),
    keepTrace: opts.keepTrace ?? false,
  });
}
