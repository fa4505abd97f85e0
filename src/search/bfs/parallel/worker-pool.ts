import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { WorkerSetup } from './protocol';
import { SignalledPort } from './signalled-port';

/**
 * The worker script: the built JavaScript next to this file, or, when running from the TypeScript sources
 * (tests), the TypeScript file loaded through ts-node.
 */
function workerScript(): { code: string; eval: boolean } {
  const js = path.join(__dirname, 'worker-thread.js');
  if (fs.existsSync(js)) return { code: js, eval: false };
  const ts = path.join(__dirname, 'worker-thread.ts');
  const tsNode = require.resolve('ts-node');
  const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true } };
  return { code: `require(${JSON.stringify(tsNode)}).register(${JSON.stringify(options)}); require(${JSON.stringify(ts)});`, eval: true };
}

/**
 * Worker threads with a synchronous port each to this thread, kept between searches: starting a thread and
 * loading the checker into it costs far more than a small search. Idle threads do not keep the process alive.
 */
export class WorkerPool {
  private static readonly pools = new Map<number, WorkerPool>();
  readonly ports: SignalledPort[] = [];
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
    const script = workerScript();
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = { index: i, count, signals, port: port2 };
      const worker = new Worker(script.code, { eval: script.eval, workerData: setup, transferList: [port2] });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(new SignalledPort(port1, view, i, count, count + 1 + i));
    }
  }

  /** Stops the threads, after a search that ended in the middle of an exchange (their state is unknown). */
  discard(): void {
    if (WorkerPool.pools.get(this.count) === this) WorkerPool.pools.delete(this.count);
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}
