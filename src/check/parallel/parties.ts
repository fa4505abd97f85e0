import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import type { Params } from '../../model/types';
import type { ExpanderPlan, FromExpander, ToExpander, WorkerSetup } from './protocol';
import type { Expander } from './expander';
import { SignalledPort } from './signalled-port';

/** An expander as the coordinator talks to it: post a message, then block for the reply. */
export interface Party {
  post(message: ToExpander, transfer?: readonly TransferListItem[]): void;
  receive(): FromExpander;
  close(): void;
}

/** The calling thread's own expander, for levels too small to be worth sharing out. */
export class LocalParty implements Party {
  private readonly replies: FromExpander[] = [];

  constructor(readonly expander: Expander) {}

  post(message: ToExpander): void {
    const e = this.expander;
    if (message.type === 'flags') {
      this.replies.push(e.check(message.flags));
      return;
    }
    if (message.type === 'stop' || message.type === 'setup') return;
    e.retire(message.inactive, message.deadlockFound);
    const source = message.source;
    const states = source.kind === 'init' ? e.initStates(source.indices) : source.kind === 'states' ? source.states : e.fresh;
    e.fresh = [];
    this.replies.push(e.expand(states));
  }

  receive(): FromExpander {
    const reply = this.replies.shift();
    if (reply === undefined) throw new Error('no reply pending from the local expander');
    return reply;
  }

  close(): void {}
}

class ThreadParty implements Party {
  constructor(private readonly port: SignalledPort) {}

  post(message: ToExpander, transfer?: readonly TransferListItem[]): void {
    this.port.post(message, transfer);
  }

  receive(): FromExpander {
    return this.port.receive<FromExpander>();
  }

  close(): void {
    this.port.close();
  }
}

/**
 * The worker script: the built JavaScript next to this file, or, when running from the TypeScript sources
 * (tests), the TypeScript file loaded through ts-node.
 */
function workerScript(): { code: string; eval: boolean } {
  const js = path.join(__dirname, '..', 'parallel-worker.js');
  if (fs.existsSync(js)) return { code: js, eval: false };
  const ts = path.join(__dirname, '..', 'parallel-worker.ts');
  const tsNode = require.resolve('ts-node');
  const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true } };
  return { code: `require(${JSON.stringify(tsNode)}).register(${JSON.stringify(options)}); require(${JSON.stringify(ts)});`, eval: true };
}

/**
 * Worker threads connected to each other and to this thread, kept between searches: starting a thread and
 * loading the checker into it costs far more than a small search. Idle threads do not keep the process alive.
 */
export class WorkerPool {
  private static readonly pools = new Map<number, WorkerPool>();
  readonly parties: Party[] = [];
  private readonly workers: Worker[] = [];

  /** The pool of `count` threads, started on first use. */
  static get(count: number): WorkerPool {
    let pool = WorkerPool.pools.get(count);
    if (pool === undefined) {
      pool = new WorkerPool(count);
      WorkerPool.pools.set(count, pool);
    }
    return pool;
  }

  private constructor(private readonly count: number) {
    const signals = new SharedArrayBuffer(4 * (2 * count + 1));
    const view = new Int32Array(signals);
    const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => new Array<MessagePort | null>(count).fill(null));
    for (let i = 0; i < count; i++) {
      for (let k = i + 1; k < count; k++) {
        const { port1, port2 } = new MessageChannel();
        (peers[i] as (MessagePort | null)[])[k] = port1;
        (peers[k] as (MessagePort | null)[])[i] = port2;
      }
    }
    const script = workerScript();
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const own = peers[i] as (MessagePort | null)[];
      const setup: WorkerSetup = { index: i, count, signals, port: port2, peers: own };
      const worker = new Worker(script.code, {
        eval: script.eval,
        workerData: setup,
        transferList: [port2, ...own.filter((p): p is MessagePort => p !== null)],
      });
      worker.unref();
      this.workers.push(worker);
      this.parties.push(new ThreadParty(new SignalledPort(port1, view, i, count, count + 1 + i)));
    }
  }

  /** Starts a search: every thread loads the model. */
  begin(file: string, params: Params, plan: ExpanderPlan): Party[] {
    for (const p of this.parties) p.post({ type: 'setup', file, params, plan });
    return this.parties;
  }

  /** Stops the threads, after a search that ended in the middle of an exchange (their state is unknown). */
  discard(): void {
    if (WorkerPool.pools.get(this.count) === this) WorkerPool.pools.delete(this.count);
    for (const p of this.parties) p.close();
    for (const w of this.workers) void w.terminate();
  }
}
