import type { AnyModel, Params } from '../model/types';
import type { Mapping } from './mapping';
import type { LogFormat } from './read-log';
import type { ValidationResult } from './result';
import type { ValidateOptions } from './validate-log';
import { readLog } from './read-log';
import { validateLog } from './validate-log';
import { validationEngine } from './validation-engine';

export interface ValidateFileOptions extends Omit<ValidateOptions, 'file' | 'silent'> {
  readonly format: LogFormat;
  readonly mapping: Mapping;
  readonly reorderWindow?: number;
}

/** Validates the log file `log` against `model` with `params`, reading it through `mapping` (with its silent actions). */
export function validateFile(model: AnyModel, params: Params, log: string, options: ValidateFileOptions): Promise<ValidationResult> {
  const { format, mapping, reorderWindow, ...rest } = options;
  return validateLog(validationEngine(model, params), readLog(log, format, mapping, reorderWindow), {
    ...rest,
    file: log,
    ...(mapping.silent !== undefined ? { silent: mapping.silent } : {}),
  });
}
