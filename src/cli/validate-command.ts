import * as path from 'node:path';
import type { Io } from './io';
import type { LogFormat } from '../validate/read-log';
import type { ValidationResult } from '../validate/result';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { parseParams } from './parse-params';
import { Interrupts } from '../run/interrupts';
import { InterleaveError, EXIT, exitCodeForError } from '../errors/interleave-error';
import { formatError } from './format-error';
import { writeAtomic } from '../report/write-atomic';
import { DEFAULT_MAPPING, loadMapping } from '../validate/mapping';
import { runValidate } from '../run/run-validate';
import { formatValidation } from '../validate/format-validation';
import { validationJson } from '../validate/validation-json';
import { DEFAULT_REORDER_WINDOW } from '../validate/ftrace';

export interface ValidateCommandOptions {
  readonly trace: string;
  readonly param?: string[];
  readonly map?: string;
  readonly format?: LogFormat;
  readonly maxSilent?: string;
  readonly reorderWindow?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly typecheck?: boolean;
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new InterleaveError({ code: 'IL101', message: `${flag} expects a whole number (0 or more), got "${raw}".` });
  return n;
}

/** `interleave validate <model> --trace <log>`: is the log a behaviour of the model? 0 ok, 1 divergence, 2 bad input. */
export async function validateCommand(file: string, opts: ValidateCommandOptions, io: Io): Promise<number> {
  const format: LogFormat = opts.format ?? 'ndjson';
  const maxSilent = wholeNumber('--max-silent', opts.maxSilent, 0);
  const reorderWindow = wholeNumber('--reorder-window', opts.reorderWindow, DEFAULT_REORDER_WINDOW);
  let modelName: string | undefined;
  try {
    const model = loadModel(file, { typecheck: opts.typecheck !== false });
    modelName = model.name;
    const mapping = opts.map !== undefined ? loadMapping(opts.map) : DEFAULT_MAPPING;
    const params = resolveParams(model, { ...mapping.params, ...parseParams(opts.param ?? []) });
    // Signals stop the search between records with a partial report (exit 130); see runValidate.
    const interrupts = Interrupts.install();
    let result: ValidationResult;
    try {
      result = await runValidate({ modelFile: file, model, mapping, params, log: opts.trace, format, maxSilent, reorderWindow, keepTrace: opts.out !== undefined, interrupts });
    } finally {
      interrupts.dispose();
    }
    const json = validationJson(result, { log: opts.trace, format, maxSilent, ...(opts.map !== undefined ? { mapping: opts.map } : {}) });
    let written: string | undefined;
    if (opts.out !== undefined) {
      writeAtomic(path.join(opts.out, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
      if (result.trace !== undefined) {
        const { writeTraceFiles } = await import('../export/write-trace-files');
        written = path.join(opts.out, result.verdict === 'ok' ? 'match' : 'matched-prefix');
        await writeTraceFiles(written, { model, params, violation: { trace: result.trace.steps }, labels: result.trace.labels });
      }
    }
    if (opts.json) io.out(`${JSON.stringify(json)}\n`);
    else {
      const where = written === undefined ? '' : `\n${result.verdict === 'ok' ? 'The matching model trace' : 'The longest matched prefix'}: ${path.join(written, 'index.html')}`;
      io.out(`${formatValidation(result, opts.trace)}${where}\n`);
    }
    return result.verdict === 'ok' ? EXIT.ok : result.verdict === 'divergence' ? EXIT.violation : EXIT.interrupted;
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    if (!opts.json) throw error;
    io.err(formatError(error));
    io.out(`${JSON.stringify({ model: modelName ?? file, verdict: 'error', log: opts.trace, error: error.toInfo() })}\n`);
    return exitCodeForError(error.code);
  }
}
