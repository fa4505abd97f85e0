import { parentPort, workerData } from 'node:worker_threads';
import type { FromValidateWorker, ValidateJob } from './validate-job';
import { loadModel } from '../load/load-model';
import { usePrecompiled } from '../load/load-module';
import { failureOf } from './worker-failure';
import { DEFAULT_MAPPING, loadMapping } from '../validate/mapping';
import { validateFile } from '../validate/validate-file';

/** The thread a watched validation runs on (see `runValidate`): loads the model and mapping, validates, posts. */
async function run(job: ValidateJob): Promise<void> {
  const post = (m: FromValidateWorker): void => parentPort?.postMessage(m);
  const stop = new Int32Array(job.stop);
  try {
    usePrecompiled(job.sources);
    const model = loadModel(job.modelFile, { typecheck: false });
    const mapping = job.mapFile !== undefined ? loadMapping(job.mapFile) : DEFAULT_MAPPING;
    const result = await validateFile(model, job.params, job.log, {
      format: job.format,
      mapping,
      reorderWindow: job.reorderWindow,
      maxSilent: job.maxSilent,
      keepTrace: job.keepTrace,
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'failed', error: failureOf(error) });
  }
}

void run(workerData as ValidateJob);
