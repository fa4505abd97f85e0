import { workerData } from 'node:worker_threads';
import type { Checked, Expanded, ExpanderFailed, ToExpander, WorkerSetup } from './parallel/protocol';
import { Expander } from './parallel/expander';
import { SignalledPort } from './parallel/signalled-port';
import { loadModel } from '../load/load-model';
import { InterleaveError } from '../errors/interleave-error';

/**
 * A worker thread of the parallel search: serves the coordinator one message at a time (synchronously, see
 * `SignalledPort`): load a model from its file for a search, expand a chunk, check the new states. New
 * states that the coordinator moves to another worker to balance the next level go directly to that worker.
 */
function serve(setup: WorkerSetup): void {
  const signals = new Int32Array(setup.signals);
  const coordinator = new SignalledPort(setup.port, signals, setup.count, setup.index);
  const peers = setup.peers.map((p, i) => (p === null ? null : new SignalledPort(p, signals, i, setup.index)));
  const gone = (): void => {
    Atomics.store(signals, setup.count + 1 + setup.index, 1);
    Atomics.add(signals, setup.count, 1);
    Atomics.notify(signals, setup.count);
  };
  process.on('exit', gone);
  let expander: Expander | undefined;
  for (;;) {
    const msg = coordinator.receive<ToExpander>();
    try {
      if (msg.type === 'stop') break;
      if (msg.type === 'setup') {
        expander = undefined;
        const model = loadModel(msg.file, { typecheck: false });
        expander = new Expander(model, msg.params, msg.plan);
        continue;
      }
      // After a failed setup the coordinator stops reading; wait for the next setup.
      if (expander === undefined) continue;
      if (msg.type === 'flags') {
        coordinator.post(expander.check(msg.flags) satisfies Checked);
        continue;
      }
      expander.retire(msg.inactive, msg.deadlockFound);
      const source = msg.source;
      let states: readonly unknown[];
      if (source.kind === 'init') states = expander.initStates(source.indices);
      else if (source.kind === 'states') states = source.states;
      else {
        const fresh = expander.fresh;
        for (const [to, start, count] of source.sends) peers[to]?.post(fresh.slice(start, start + count));
        const chunk: unknown[] = [];
        for (const [from, start, count] of source.pieces) {
          const piece = from === setup.index ? fresh.slice(start, start + count) : (peers[from] as SignalledPort).receive<unknown[]>();
          for (const st of piece) chunk.push(st);
        }
        expander.fresh = [];
        states = chunk;
      }
      const out: Expanded = expander.expand(states);
      coordinator.post(out, [out.counts.buffer, out.fps.buffer, out.actions.buffer, out.types.buffer, out.inside.buffer] as ArrayBuffer[]);
    } catch (error) {
      expander = undefined;
      const info =
        error instanceof InterleaveError ? error.toInfo() : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      coordinator.post({ type: 'failed', error: info } satisfies ExpanderFailed);
    }
  }
  coordinator.close();
  for (const p of peers) p?.close();
  process.off('exit', gone);
}

serve(workerData as WorkerSetup);
