import { workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerFailed, WorkerSetup } from './protocol';
import { LevelExpander } from '../level-expander';
import { SignalledPort } from './signalled-port';
import { FingerprintStore } from '../../../state/fingerprint-store';
import { loadModel } from '../../../load/load-model';
import { usePrecompiled } from '../../../load/load-module';
import { InterleaveError } from '../../../errors/interleave-error';

/**
 * A worker thread of the parallel search, for as long as the pool keeps it (it ends with the process or
 * `WorkerPool.discard`): serves the coordinator one message at a time, synchronously (see `SignalledPort`):
 * load a model for a search, expand its part of each level into the shared store, go on after the store grew or
 * with states moved to it, hand states over when asked, end the search.
 */
function serve(setup: WorkerSetup): void {
  const signals = new Int32Array(setup.signals);
  const coordinator = new SignalledPort(setup.port, signals, setup.count, setup.index);
  const gone = (): void => {
    Atomics.store(signals, setup.count + 1 + setup.index, 1);
    Atomics.add(signals, setup.count, 1);
    Atomics.notify(signals, setup.count);
  };
  process.on('exit', gone);
  let expander: LevelExpander | undefined;
  let store: FingerprintStore | undefined;
  // A setup that failed is reported in reply to the next request: the coordinator reads a reply only after a
  // request (`setup` has none).
  let setupFailed: WorkerFailed | undefined;
  const reply = (m: FromWorker): void => coordinator.post(m);
  const info = (error: unknown): WorkerFailed['error'] =>
    error instanceof InterleaveError ? error.toInfo() : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  for (;;) {
    const msg = coordinator.receive<ToWorker>();
    if (msg.type === 'setup') {
      expander?.close();
      expander = undefined;
      setupFailed = undefined;
      try {
        const shared = (store = FingerprintStore.attach(msg.store));
        // The model as the calling thread compiled it: no TypeScript compiler to load here.
        usePrecompiled(msg.sources);
        const model = loadModel(msg.file, { typecheck: false });
        const own = expander = new LevelExpander(model, msg.params, msg.plan, store, msg.memoryBytes, msg.spillDir);
        const requests = new Int32Array(msg.requests);
        own.onReport = () => Atomics.store(requests, setup.count + setup.index, 0);
        own.onTick = () => {
          // Progress: the store's count of states, and successors so far.
          shared.flush();
          Atomics.store(requests, setup.count + setup.index, own.unreported);
          if (Atomics.load(requests, setup.index) === 0) return;
          Atomics.store(requests, setup.index, 0);
          const given = own.donate();
          coordinator.post({ type: 'given', ...given } satisfies FromWorker);
        };
      } catch (error) {
        setupFailed = { type: 'failed', error: info(error) };
      }
      continue;
    }
    try {
      if (msg.type === 'end') {
        expander?.close();
        expander = undefined;
        store = undefined;
        setupFailed = undefined;
        continue;
      }
      if (setupFailed !== undefined) {
        reply(setupFailed);
        setupFailed = undefined;
        continue;
      }
      if (expander === undefined || store === undefined) continue;
      if (msg.type === 'resume') store.adopt(msg.store);
      else if (msg.type === 'more') expander.more(msg.extra);
      else {
        store.adopt(msg.store);
        expander.begin(msg.inactive, msg.deadlockFound, msg.extra);
      }
      reply(expander.run());
    } catch (error) {
      expander?.close();
      expander = undefined;
      reply({ type: 'failed', error: info(error) });
    }
  }
}

serve(workerData as WorkerSetup);
