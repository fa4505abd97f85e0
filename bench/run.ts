/**
 * `npm run bench`: runs each benchmark in a fresh child process (so peak RSS is its own) and prints distinct and
 * generated states, depth, wall seconds, CPU seconds (user + system, steadier than wall time on a shared
 * machine), states per second, peak RSS and store bytes per distinct state.
 * Flags: --json (one JSON object), --full (include the long runs), --filter TEXT (a benchmark whose name
 * contains it; repeat for several), --exact (names equal to the filters).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BENCHMARKS, type Benchmark } from './benchmarks';

const ROOT = path.resolve(__dirname, '..', '..');

interface Row {
  readonly name: string;
  readonly verdict: string;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly distinctPerSecond: number;
  readonly generatedPerSecond: number;
  readonly peakRssMb: number;
  readonly storeBytesPerState: number;
}

function child(b: Benchmark): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModel } = require('../src/load/load-model') as typeof import('../src/load/load-model');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { check } = require('../src/check/check') as typeof import('../src/check/check');
  const model = loadModel(path.join(ROOT, b.model), { typecheck: false });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const r = check(model, { params: b.params, ...(b.memoryMb !== undefined ? { memoryMb: b.memoryMb } : {}) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const row: Row = {
    name: b.name,
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.depth,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    distinctPerSecond: Math.round(r.distinctStates / seconds),
    generatedPerSecond: Math.round(r.generatedStates / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    storeBytesPerState: Math.round((r.storeBytes / Math.max(1, r.distinctStates)) * 10) / 10,
  };
  process.stdout.write(JSON.stringify(row));
}

function main(argv: string[]): number {
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    const b = BENCHMARKS.find((x) => x.name === argv[childAt + 1]);
    if (!b) return 2;
    child(b);
    return 0;
  }
  const json = argv.includes('--json');
  const full = argv.includes('--full');
  const exact = argv.includes('--exact');
  const filters = argv.flatMap((a, i) => (argv[i - 1] === '--filter' ? [a] : []));
  const picked = (b: Benchmark): boolean => filters.length === 0 || filters.some((f) => (exact ? b.name === f : b.name.includes(f)));
  const chosen = BENCHMARKS.filter((b) => (full || !b.full) && picked(b));
  const rows: Row[] = [];
  const head = ['benchmark', 'verdict', 'distinct', 'generated', 'depth', 'seconds', 'cpu s', 'distinct/s', 'generated/s', 'peak RSS MB', 'store B/state'];
  if (!json) process.stdout.write(`${head.join('\t')}\n`);
  for (const b of chosen) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=20000', __filename, '--child', b.name], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      process.stderr.write(`bench: ${b.name} failed (exit ${r.status}): ${r.stderr.split('\n').slice(0, 5).join(' ')}\n`);
      return 1;
    }
    const row = JSON.parse(r.stdout) as Row;
    rows.push(row);
    if (!json) {
      const cells = [row.name, row.verdict, row.distinct, row.generated, row.depth, row.seconds.toFixed(2), row.cpuSeconds.toFixed(2), row.distinctPerSecond, row.generatedPerSecond, row.peakRssMb, row.storeBytesPerState];
      process.stdout.write(`${cells.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)).join('\t')}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ node: process.version, benchmarks: rows })}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
