#!/usr/bin/env node
// Runs the early bucket allocator on worker threads and writes its tracepoints as an ftrace text log.
//   node examples/alloc-impl/run.mjs --variant fixed|buggy [--until-race] [--tasks 2] [--buckets 2]
//        [--max-delay-ms 2] [--attempts 2000] [--per-cpu] --out trace.txt
// --until-race: run again until two writes land in one bucket (the seed's duplicate backpointer), and keep that
// run's log. --per-cpu: print each CPU's events in a block, as per-CPU buffers are, instead of merged in time.
import { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layout } from './layout.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const variant = opt('variant', 'fixed');
if (variant !== 'fixed' && variant !== 'buggy') throw new Error(`--variant must be fixed or buggy, not ${variant}`);
const tasks = Number(opt('tasks', '2'));
const buckets = Number(opt('buckets', '2'));
const maxDelayMs = Number(opt('max-delay-ms', '2'));
const attempts = Number(opt('attempts', '2000'));
const untilRace = args.includes('--until-race');
const perCpu = args.includes('--per-cpu');
const out = opt('out', undefined);

async function runOnce() {
  const L = layout(buckets, tasks);
  const shared = new SharedArrayBuffer(L.size * 4);
  const clock = new SharedArrayBuffer(8);
  const script = fileURLToPath(new URL('./task.mjs', import.meta.url));
  const results = await Promise.all(
    Array.from({ length: tasks }, (_, t) =>
      new Promise((resolve, reject) => {
        const w = new Worker(script, { workerData: { shared, clock, task: t + 1, tasks, buckets, variant, maxDelayMs } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
    ),
  );
  const mem = new Int32Array(shared);
  const doubled = Array.from({ length: buckets }, (_, b) => mem[L.BP + b]).some((n) => n > 1);
  const byCpu = results.sort((a, b) => a.cpu - b.cpu).map((r) => r.lines);
  const ts = (line) => Number(/(\d+\.\d+):/.exec(line)[1]);
  const body = perCpu ? byCpu.flat() : byCpu.flat().sort((a, b) => ts(a) - ts(b));
  return { doubled, text: [`# tracer: nop`, `#`, `# entries-in-buffer/entries-written: ${body.length}/${body.length}   #P:${tasks}`, ...body].join('\n') + '\n' };
}

let run;
let n = 0;
do {
  run = await runOnce();
  n++;
} while (untilRace && !run.doubled && n < attempts);
if (untilRace && !run.doubled) {
  console.error(`no double allocation in ${n} runs`);
  process.exit(1);
}
if (out) writeFileSync(out, run.text);
else process.stdout.write(run.text);
console.error(`${variant}: ${n} run(s); ${run.doubled ? 'two writes landed in one bucket' : 'every bucket holds at most one write'}`);
