import type { LogFormat } from '../../src/validate/read-log';
import type { ValidationResult } from '../../src/validate/result';
import { loadModel } from '../../src/load/load-model';
import { resolveParams } from '../../src/model/resolve-params';
import { DEFAULT_MAPPING, loadMapping } from '../../src/validate/mapping';
import { validateFile as validateLogFile } from '../../src/validate/validate-file';

/** Validates a log file as the CLI does (mapping params under the given ones), through the library. */
export async function validateFile(
  modelFile: string,
  log: string,
  opts: { format?: LogFormat; map?: string; params?: Record<string, string | number | boolean>; maxSilent?: number; keepTrace?: boolean } = {},
): Promise<ValidationResult> {
  const model = loadModel(modelFile, { typecheck: false });
  const mapping = opts.map !== undefined ? loadMapping(opts.map) : DEFAULT_MAPPING;
  const params = resolveParams(model, { ...mapping.params, ...(opts.params ?? {}) });
  return validateLogFile(model, params, log, { format: opts.format ?? 'ndjson', mapping, maxSilent: opts.maxSilent ?? 0, keepTrace: opts.keepTrace ?? false });
}
