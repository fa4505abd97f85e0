/**
 * `npm run bench:validate [-- --records N] [--unnamed-every K]`: trace validation throughput. Writes an NDJSON log
 * of N records (default 1,000,000) of a model in which three tasks take turns incrementing counters modulo 4; every
 * 50th record observes one counter. With `--unnamed-every K`, every Kth record leaves out which task stepped, so the
 * set of consistent states grows and shrinks (up to 16 states) instead of staying at one. Then validates the log on
 * this thread, reading the file as a stream, and prints records per second, the most consistent states at once and
 * peak heap (sampled every 50 ms).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnyModel } from '../src/model/types';
import { defineModel } from '../src/model/define-model';
import { resolveParams } from '../src/model/resolve-params';
import { DEFAULT_MAPPING } from '../src/validate/mapping';
import { readLog } from '../src/validate/read-log';
import { validateLog } from '../src/validate/validate-log';
import { validationEngine } from '../src/validate/validation-engine';

interface State {
  readonly steps: number;
  readonly counters: readonly number[];
}
type Inc = { readonly type: 'Inc'; readonly task: number };

const turns = defineModel<State, Inc, { tasks: number }>({
  name: 'bench/turns',
  params: { tasks: 3 },
  init: (p) => [{ steps: 0, counters: Array.from({ length: p.tasks }, () => 0) }],
  actions: (s) => s.counters.map((_, task) => ({ type: 'Inc' as const, task })),
  invariants: {},
  next: (s, a) => ({ steps: (s.steps + 1) % 1000, counters: s.counters.map((c, i) => (i === a.task ? (c + 1) % 4 : c)) }),
}) as unknown as AnyModel;

function writeLog(file: string, records: number, unnamedEvery: number): void {
  const fd = fs.openSync(file, 'w');
  const counters = [0, 0, 0];
  let seed = 12345;
  let chunk: string[] = [];
  for (let i = 1; i <= records; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const task = seed % 3;
    counters[task] = ((counters[task] as number) + 1) % 4;
    const action = unnamedEvery > 0 && i % unnamedEvery === 0 ? { type: 'Inc' } : { type: 'Inc', task };
    chunk.push(JSON.stringify(i % 50 === 0 ? { action, state: { 'counters.0': counters[0] } } : { action }));
    if (chunk.length === 10_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--records');
  const records = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const u = process.argv.indexOf('--unnamed-every');
  const unnamedEvery = u >= 0 ? Number(process.argv[u + 1]) : 0;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'validate-bench-')), 'turns.ndjson');
  writeLog(file, records, unnamedEvery);
  const bytes = fs.statSync(file).size;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const engine = validationEngine(turns, resolveParams(turns, {}));
  const r = await validateLog(engine, readLog(file, 'ndjson', DEFAULT_MAPPING), { file });
  clearInterval(sampler);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  const row = {
    records: r.records,
    unnamedEvery,
    verdict: r.verdict,
    seconds: r.durationMs / 1000,
    recordsPerSecond: Math.round(r.records / (r.durationMs / 1000)),
    maxConsistent: r.maxConsistent,
    logMB: Number(mb(bytes)),
    heapBeforeMB: Number(mb(heapBefore)),
    peakHeapMB: Number(mb(peakHeap)),
  };
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(row)}\n`);
  else process.stdout.write(`${Object.entries(row).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`);
  if (r.verdict !== 'ok') process.exitCode = 1;
}

void main();
