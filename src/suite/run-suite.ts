import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { EntryResult } from './entry-result';
import type { RunEntryInput } from './run-entry';
import { runEntry, stoppedRow } from './run-entry';
import { loadSuite, type LoadedSuite } from './load-suite';
import { InterleaveError, type ErrorInfo } from '../errors/interleave-error';

export interface SuiteRunOptions {
  /** Keep entries whose suite, entry name or model file contains this text. Default: all. */
  readonly filter?: string;
  /** Worker threads. Default: the number of cores, at most the number of entries; 1 runs in this thread. */
  readonly jobs?: number;
  /** Folder for trace files of violations. Default: none written. */
  readonly outDir?: string;
  /** Called as each entry finishes (in completion order). */
  readonly onResult?: (result: EntryResult) => void;
  /** When aborted (an interrupt), entries still running are stopped and no more start. */
  readonly signal?: AbortSignal;
}

/**
 * Loads every spec file and selects the entries to run, in file and entry order. A spec file that does not load
 * becomes one unusable input (its row names the file), an entry of the wrong shape one each.
 */
export function planSuite(files: readonly string[], filter?: string): { suites: LoadedSuite[]; inputs: RunEntryInput[] } {
  const suites: LoadedSuite[] = [];
  const inputs: RunEntryInput[] = [];
  for (const file of files) {
    const specFile = path.relative(process.cwd(), file);
    let s: LoadedSuite;
    try {
      s = loadSuite(file);
    } catch (error) {
      if (!(error instanceof InterleaveError)) throw error;
      const name = path.basename(file).replace(/\.spec\.ts$/, '');
      inputs.push({ suite: name, specFile, entry: { name: '(spec file)', model: '', expect: {} }, unusable: error.toInfo() });
      continue;
    }
    suites.push(s);
    for (const { entry, modelPath, error } of s.entries) {
      const hay = `${s.suite.name}/${entry.name} ${String(entry.model)}`;
      if (filter && !hay.includes(filter)) continue;
      inputs.push({ suite: s.suite.name, specFile, entry, ...(modelPath !== undefined ? { modelPath } : {}), ...(error ? { unusable: error.toInfo() } : {}) });
    }
  }
  return { suites, inputs };
}

/** Seconds an entry gets past its `timeLimit` before its thread is stopped (see `stoppedRow`). */
const STUCK_GRACE_SECONDS = 2;

/**
 * Runs suite entries on worker threads (`jobs` of them; on this thread only when run from the TypeScript
 * sources). Results come back in entry order whatever the completion order, so reports are deterministic. An
 * entry that cannot be run is an error row (see `runEntry`); a bug in interleave rejects. When `signal` is
 * aborted, running entries are stopped and the results are those finished so far.
 */
export async function runSuite(inputs: readonly RunEntryInput[], options: SuiteRunOptions = {}): Promise<EntryResult[]> {
  const withOut = inputs.map((i) => (options.outDir ? { ...i, outDir: options.outDir } : i));
  const workerFile = path.join(__dirname, 'suite-worker.js');
  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), withOut.length));
  const signal = options.signal;
  if (!fs.existsSync(workerFile)) {
    const results: EntryResult[] = [];
    for (const input of withOut) {
      if (signal?.aborted) break;
      const r = await runEntry(input);
      options.onResult?.(r);
      results.push(r);
    }
    return results;
  }
  const results = new Array<EntryResult | undefined>(withOut.length);
  let next = 0;
  let failure: string | undefined;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      let worker = new Worker(workerFile);
      // An interrupt stops the entry this thread runs: its pending reply resolves empty.
      let stopRunning: (() => void) | undefined;
      const onAbort = (): void => stopRunning?.();
      signal?.addEventListener('abort', onAbort);
      try {
        while (next < withOut.length && failure === undefined && !signal?.aborted) {
          const id = next++;
          const input = withOut[id] as RunEntryInput;
          let timer: NodeJS.Timeout | undefined;
          const reply = await new Promise<{ result?: EntryResult; error?: ErrorInfo; stuck?: true }>((resolve, reject) => {
            stopRunning = () => resolve({});
            // An entry with a time limit that does not stop past it runs model code that does not return.
            const limit = input.entry.timeLimit;
            if (limit !== undefined && input.unusable === undefined) timer = setTimeout(() => resolve({ stuck: true }), (limit + STUCK_GRACE_SECONDS) * 1000);
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ id, input });
          });
          clearTimeout(timer);
          stopRunning = undefined;
          worker.removeAllListeners('error');
          worker.removeAllListeners('message');
          if (reply.stuck) {
            await worker.terminate();
            worker = new Worker(workerFile);
            results[id] = stoppedRow(input, STUCK_GRACE_SECONDS);
            options.onResult?.(results[id] as EntryResult);
          } else if (reply.error) {
            failure ??= reply.error.message;
          } else if (reply.result) {
            results[id] = reply.result;
            options.onResult?.(reply.result);
          }
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await worker.terminate();
      }
    }),
  );
  if (failure !== undefined) throw new Error(failure);
  return results.filter((r): r is EntryResult => r !== undefined);
}
