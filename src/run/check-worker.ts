import { parentPort } from 'node:worker_threads';
import type { CheckOptions } from '../check/options';
import type { CheckJob, FromCheckWorker } from './check-job';
import { check } from '../check/check';
import { SearchWatch, WatchPhase } from '../check/search-watch';
import { loadModel } from '../load/load-model';
import { usePrecompiled } from '../load/load-module';
import { InterleaveError } from '../errors/interleave-error';

/**
 * The thread a watched check runs on (see `runCheck`): loads the model as the calling thread compiled it, checks
 * it, and posts progress, the store's buffers (for the trace to a call that never returns) and the result.
 */
function run(job: CheckJob): void {
  const post = (m: FromCheckWorker): void => parentPort?.postMessage(m);
  const watch = new SearchWatch(job.watch);
  watch.onStore = (buffers) => post({ type: 'store', buffers });
  try {
    watch.phase(WatchPhase.loading);
    usePrecompiled(job.sources);
    const model = loadModel(job.file, { typecheck: false });
    watch.phase(WatchPhase.init);
    const options: CheckOptions<object> = { ...job.options, watch, onProgress: (progress) => post({ type: 'progress', progress }) };
    post({ type: 'result', result: check(model, options) });
  } catch (error) {
    post({
      type: 'failed',
      error: error instanceof InterleaveError ? error.toInfo() : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    });
  }
}

// The thread starts before the job is known (see `startCheckThread`): its code loads while the model compiles.
parentPort?.once('message', (job: CheckJob) => run(job));
