import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { EntryResult } from './entry-result';
import type { RunEntryInput } from './run-entry';
import { runEntry } from './run-entry';
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
}

/** Loads every spec file and selects the entries to run, in file and entry order. */
export function planSuite(files: readonly string[], filter?: string): { suites: LoadedSuite[]; inputs: RunEntryInput[] } {
  const suites = files.map(loadSuite);
  const inputs: RunEntryInput[] = [];
  for (const s of suites) {
    for (const { entry, modelPath } of s.entries) {
      const hay = `${s.suite.name}/${entry.name} ${entry.model}`;
      if (filter && !hay.includes(filter)) continue;
      inputs.push({ suite: s.suite.name, specFile: path.relative(process.cwd(), s.file), entry, modelPath });
    }
  }
  return { suites, inputs };
}

/**
 * Runs suite entries, in parallel worker threads when that helps. Results come back in entry order whatever
 * the completion order, so reports are deterministic. An entry that names an unknown property (or whose model
 * cannot be loaded) rejects with that entry's `InterleaveError`.
 */
export async function runSuite(inputs: readonly RunEntryInput[], options: SuiteRunOptions = {}): Promise<EntryResult[]> {
  const withOut = inputs.map((i) => (options.outDir ? { ...i, outDir: options.outDir } : i));
  const workerFile = path.join(__dirname, 'suite-worker.js');
  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), withOut.length));
  if (jobs === 1 || !fs.existsSync(workerFile)) {
    const results: EntryResult[] = [];
    for (const input of withOut) {
      const r = await runEntry(input);
      options.onResult?.(r);
      results.push(r);
    }
    return results;
  }
  const results = new Array<EntryResult | undefined>(withOut.length);
  let next = 0;
  let failure: ErrorInfo | undefined;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      const worker = new Worker(workerFile);
      try {
        while (next < withOut.length && failure === undefined) {
          const id = next++;
          const reply = await new Promise<{ result?: EntryResult; error?: ErrorInfo }>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ id, input: withOut[id] });
          });
          worker.removeAllListeners('error');
          if (reply.error) {
            failure ??= reply.error;
          } else if (reply.result) {
            results[id] = reply.result;
            options.onResult?.(reply.result);
          }
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  if (failure) {
    if (failure.code === ('internal' as string)) throw new Error(failure.message);
    throw new InterleaveError(failure);
  }
  return results.map((r) => r as EntryResult);
}
