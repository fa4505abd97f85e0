import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BlockResult } from './types';
import type { BlockTask } from './run-block';
import type { StepEngine } from '../../engine/step-engine';
import type { SimulateWorkerSetup } from './simulate-worker';
import { runBlock } from './run-block';
import { InterleaveError, type ErrorInfo } from '../../errors/interleave-error';

/** Runs blocks somewhere: on this thread, or on a worker thread. */
export interface BlockRunner {
  run(task: BlockTask): Promise<BlockResult>;
  close(): Promise<void>;
}

export function inThreadRunner(engine: StepEngine): BlockRunner {
  return {
    run: (task) => {
      // Let a progress timer and signals in between blocks.
      return new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(runBlock(engine, task));
        } catch (error) {
          reject(error);
        }
      }));
    },
    close: async () => {},
  };
}

/** The worker script: the built JavaScript next to this file, or the TypeScript through ts-node (tests). */
function workerScript(): { code: string; eval: boolean } {
  const js = path.join(__dirname, 'simulate-worker.js');
  if (fs.existsSync(js)) return { code: js, eval: false };
  const ts = path.join(__dirname, 'simulate-worker.ts');
  const tsNode = require.resolve('ts-node');
  const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true } };
  return { code: `require(${JSON.stringify(tsNode)}).register(${JSON.stringify(options)}); require(${JSON.stringify(ts)});`, eval: true };
}

export function workerRunner(setup: SimulateWorkerSetup): BlockRunner {
  const script = workerScript();
  const worker = new Worker(script.code, { eval: script.eval, workerData: setup });
  return {
    run: (task) =>
      new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        worker.once('error', onError);
        worker.once('message', (msg: { result?: BlockResult; failed?: ErrorInfo }) => {
          worker.off('error', onError);
          if (msg.result) resolve(msg.result);
          else if (msg.failed && msg.failed.code !== ('internal' as string)) reject(new InterleaveError(msg.failed));
          else reject(new Error(msg.failed?.message ?? 'simulation thread failed'));
        });
        worker.postMessage(task);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
