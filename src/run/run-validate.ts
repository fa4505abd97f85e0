import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnyModel, Params } from '../model/types';
import type { Interrupts } from './interrupts';
import type { Mapping } from '../validate/mapping';
import type { LogFormat } from '../validate/read-log';
import type { ValidationResult } from '../validate/result';
import type { FromValidateWorker, ValidateJob, ValidateProgress } from './validate-job';
import { compiledSources } from '../load/load-module';
import { errorOf } from './worker-failure';
import { validateFile } from '../validate/validate-file';
import { INTERRUPT_GRACE_MS } from './run-check';

export interface RunValidateInput {
  readonly modelFile: string;
  /** The model and mapping as loaded here (the thread loads them again from their files). */
  readonly model: AnyModel;
  readonly mapping: Mapping;
  readonly params: Params;
  readonly log: string;
  readonly format: LogFormat;
  readonly maxSilent: number;
  readonly reorderWindow: number;
  readonly keepTrace: boolean;
  readonly interrupts: Interrupts;
}

function workerScript(): string | undefined {
  const js = path.join(__dirname, 'validate-worker.js');
  return fs.existsSync(js) ? js : undefined;
}

/**
 * Validates on a worker thread while this thread answers interrupts, as `runCheck` does: the first interrupt asks
 * the validation to stop between records (verdict `interrupted`, exact counts); past `INTERRUPT_GRACE_MS`, or on a
 * second interrupt, the thread is stopped (a model call that does not return) and the counts last posted are
 * reported. Run from the TypeScript sources (no built worker script), it validates on this thread.
 */
export function runValidate(input: RunValidateInput): Promise<ValidationResult> {
  const script = workerScript();
  const options = { format: input.format, mapping: input.mapping, reorderWindow: input.reorderWindow, maxSilent: input.maxSilent, keepTrace: input.keepTrace };
  if (script === undefined) return validateFile(input.model, input.params, input.log, { ...options, shouldStop: () => input.interrupts.count > 0 });
  const stop = new SharedArrayBuffer(4);
  const job: ValidateJob = {
    modelFile: path.resolve(input.modelFile),
    params: input.params,
    log: input.log,
    format: input.format,
    mapFile: input.mapping.file !== undefined ? path.resolve(input.mapping.file) : undefined,
    maxSilent: input.maxSilent,
    reorderWindow: input.reorderWindow,
    keepTrace: input.keepTrace,
    stop,
    sources: compiledSources(),
  };
  const start = performance.now();
  return new Promise<ValidationResult>((resolve, reject) => {
    const worker = new Worker(script, { workerData: job });
    let progress: ValidateProgress = { records: 0, matched: 0 };
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      stopListening();
      settle();
      void worker.terminate();
    };
    const hardStop = (): void =>
      finish(() =>
        resolve({
          model: input.model.name,
          params: input.params,
          verdict: 'interrupted',
          records: progress.records,
          matched: progress.matched,
          silentSteps: 0,
          consistent: 0,
          maxConsistent: 0,
          durationMs: Math.round(performance.now() - start),
        }),
      );
    const stopListening = input.interrupts.listen(() => {
      if (Atomics.load(new Int32Array(stop), 0) !== 0) return hardStop();
      Atomics.store(new Int32Array(stop), 0, 1);
      timer = setTimeout(hardStop, INTERRUPT_GRACE_MS);
    });
    // Signals that came while the model loaded count too.
    if (input.interrupts.count > 0) Atomics.store(new Int32Array(stop), 0, 1);
    worker.on('message', (m: FromValidateWorker) => {
      if (m.type === 'progress') progress = m.progress;
      else if (m.type === 'result') finish(() => resolve(m.result));
      else {
        const error = errorOf(m.error);
        finish(() => reject(error));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the thread validating the log ended (exit code ${code}) without a result`))));
  });
}
