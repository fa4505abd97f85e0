import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnyModel, Params } from '../model/types';
import type { Progress } from '../check/options';
import type { CheckResult, IncompleteReason } from '../check/result';
import type { CheckJob, FromCheckWorker, PortableCheckOptions } from './check-job';
import type { Interrupts } from './interrupts';
import type { FingerprintStoreBuffers } from '../state/fingerprint-store';
import { check } from '../check/check';
import { SearchWatch } from '../check/search-watch';
import { compiledSources } from '../load/load-module';
import { unfinishedResult } from './unfinished-result';
import { errorOf } from './worker-failure';

/**
 * How long the search gets to stop by itself, past its time limit or after an interrupt, before its thread is
 * stopped from outside. The search looks at its clock every 64 states and at the interrupt flag about once a
 * second, so only model code that does not return (or takes longer than this for one call) runs past it.
 */
export const TIME_LIMIT_GRACE_MS = 1000;
export const INTERRUPT_GRACE_MS = 3000;

export interface RunCheckInput {
  /** The model file (the thread loads it again) and the model as loaded here (for traces of a stopped run). */
  readonly file: string;
  readonly model: AnyModel;
  readonly params: Params;
  readonly options: PortableCheckOptions;
  readonly onProgress?: (progress: Progress) => void;
  /** Interrupts (the CLI's signals, or the explorer's stop button): the first stops the search with its counts. */
  readonly interrupts?: Pick<Interrupts, 'listen'>;
  /** The thread from `startCheckThread`; without it the check runs on this thread, unwatched. */
  readonly thread: Worker | undefined;
}

/**
 * Starts the thread a check will run on, so that it loads the checker while this thread loads and compiles the
 * model; undefined when running from the TypeScript sources (no built worker script). Hand it to `runCheck`, or
 * `terminate` it if the run does not start.
 */
export function startCheckThread(): Worker | undefined {
  const js = path.join(__dirname, 'check-worker.js');
  return fs.existsSync(js) ? new Worker(js) : undefined;
}

/**
 * Runs `check` on a worker thread while this thread keeps the clock and answers interrupts, so that the bounds
 * hold even when the model's code does not return: past the time limit (plus `TIME_LIMIT_GRACE_MS`) or an
 * interrupt's grace (a second interrupt: at once) the thread is stopped and the run reported as `incomplete`
 * with what was seen last (see `unfinishedResult`). An interrupt the search answers in time gives its exact
 * counts with reason `interrupted`. Without a thread (run from the TypeScript sources), the check runs on this
 * thread, unwatched.
 */
export function runCheck(input: RunCheckInput): Promise<CheckResult> {
  const worker = input.thread;
  if (worker === undefined) {
    return Promise.resolve(check(input.model, { ...input.options, ...(input.onProgress ? { onProgress: input.onProgress } : {}) }));
  }
  const watch = new SearchWatch();
  const job: CheckJob = { file: path.resolve(input.file), options: input.options, watch: watch.buffer, sources: compiledSources() };
  const start = performance.now();
  return new Promise<CheckResult>((resolve, reject) => {
    worker.postMessage(job);
    let buffers: FingerprintStoreBuffers | undefined;
    let progress: Progress | undefined;
    let done = false;
    let reason: IncompleteReason | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      stopListening?.();
      settle();
      void worker.terminate();
    };
    /** Stops the thread and reports what was seen last. */
    const stop = (why: IncompleteReason): void => {
      if (done) return;
      const seen = { watch: watch.read(), buffers, progress };
      finish(() => resolve(unfinishedResult(input.model, input.params, input.options, why, seen, Math.round(performance.now() - start))));
    };
    const stopListening = input.interrupts?.listen(() => {
      if (reason === 'interrupted') return stop('interrupted');
      reason = 'interrupted';
      watch.interrupt();
      timers.push(setTimeout(() => stop('interrupted'), INTERRUPT_GRACE_MS));
    });
    const limit = input.options.timeLimit;
    if (limit !== undefined) timers.push(setTimeout(() => stop(reason ?? 'time-limit'), limit * 1000 + TIME_LIMIT_GRACE_MS));
    worker.on('message', (m: FromCheckWorker) => {
      if (m.type === 'progress') {
        progress = m.progress;
        input.onProgress?.(m.progress);
      } else if (m.type === 'store') buffers = m.buffers;
      else if (m.type === 'result') finish(() => resolve(m.result));
      else {
        const error = errorOf(m.error);
        finish(() => reject(error));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the thread running the check ended (exit code ${code}) without a result`))));
  });
}
