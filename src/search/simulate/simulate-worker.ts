import { parentPort, workerData } from 'node:worker_threads';
import type { BlockTask } from './run-block';
import type { EngineChecks } from '../../engine/step-engine';
import type { Params } from '../../model/types';
import { runBlock } from './run-block';
import { StepEngine } from '../../engine/step-engine';
import { loadModel } from '../../load/load-model';
import { usePrecompiled } from '../../load/load-module';
import { InterleaveError } from '../../errors/interleave-error';

/** Setup of a simulation thread: the model as the calling thread compiled it, and what to check. */
export interface SimulateWorkerSetup {
  readonly file: string;
  readonly sources: readonly (readonly [string, string])[];
  readonly params: Params;
  readonly checks: EngineChecks;
}

/** A thread of `simulate --workers N`: runs the blocks it is sent, one at a time, and posts back each result. */
function serve(setup: SimulateWorkerSetup): void {
  let engine: StepEngine | undefined;
  let failed: unknown;
  try {
    usePrecompiled(setup.sources);
    engine = new StepEngine(loadModel(setup.file, { typecheck: false }), setup.params, setup.checks);
  } catch (error) {
    failed = error instanceof InterleaveError ? error.toInfo() : { code: 'internal', message: String(error) };
  }
  parentPort?.on('message', (task: BlockTask) => {
    if (engine === undefined) {
      parentPort?.postMessage({ failed });
      return;
    }
    try {
      const result = runBlock(engine, task);
      parentPort?.postMessage({ result }, [result.fingerprints.buffer as ArrayBuffer]);
    } catch (error) {
      parentPort?.postMessage({ failed: { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
    }
  });
}

if (parentPort !== null && workerData !== undefined) serve(workerData as SimulateWorkerSetup);
