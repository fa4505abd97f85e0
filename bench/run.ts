/**
 * `npm run bench`: runs each benchmark in a fresh child process (so peak RSS is its own) and prints distinct and
 * generated states, depth, the search's wall seconds, the whole process's wall seconds (start-up and loading
 * the model included), CPU seconds (user + system, all threads), states per second, peak RSS, store bytes
 * per distinct state and, with temporal properties, the recorded state graph's bytes per state and per edge; then
 * throughput ratios: against the benchmark's baseline (e.g. two workers against one) and against TLC 2.20 checking
 * the same protocol (bench/tla/TwoPhase.tla) in the same run, whose rows are printed too (`INTERLEAVE_TLC_JAR`
 * names TLC's tla2tools.jar; without it or without Java they are skipped with a notice, and so with
 * --instructions and --profile); and the cost of checking temporal properties over the safety search alone.
 * Flags: --json (one JSON object), --full (include the long runs), --filter TEXT (a benchmark whose name
 * contains it; repeat for several), --exact (names equal to the filters), --repeat N (run the list N times over,
 * round-robin so that a slow spell of a shared machine hits every benchmark alike, and report each benchmark's
 * median run by search seconds, with the range of its total seconds, and each ratio as the median of the ratios
 * of each round's runs, with their range), --instructions (run each benchmark under valgrind's cachegrind and
 * report the instructions the whole process executed: a count that the machine's load does not change, for
 * comparing two versions of the code; V8 runs with --single-threaded there, compiling and collecting garbage on
 * the searching threads, so that the count does not depend on when its helper threads ran; seconds under
 * valgrind mean nothing, so no ratios but liveness/safety, by instructions), --profile (the same under valgrind's callgrind, and the instructions spent in
 * each function, JavaScript functions named from V8's map of its compiled code: see `instruction-profile.ts`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCHMARKS, tlcRowName, type Benchmark, type TlcBaseline } from './benchmarks';
import { runTlc, tlcSetup } from './tlc';
import { callgrindArgs, collectProfile, profileNodeFlags, type ProfileEntry } from './instruction-profile';

const ROOT = path.resolve(__dirname, '..', '..');

interface Row {
  readonly name: string;
  readonly verdict: string;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  /** The child process from start to exit, as the parent saw it. */
  readonly totalSeconds: number;
  readonly cpuSeconds: number;
  readonly distinctPerSecond: number;
  readonly generatedPerSecond: number;
  readonly peakRssMb: number;
  readonly storeBytesPerState: number;
  /** With temporal properties: the recorded state graph's bytes per state and per edge. */
  readonly graphBytes?: readonly [number, number];
  readonly workers: number;
  /** With --instructions: instructions the whole process executed (all threads), and per generated state. */
  readonly instructions?: number;
  readonly instructionsPerGenerated?: number;
  /** With --profile: the functions that executed the most instructions themselves, most first. */
  readonly profile?: readonly (ProfileEntry & { readonly share: number })[];
  /** With --repeat: how many runs, and the least and greatest total seconds among them. */
  readonly runs?: number;
  readonly totalSecondsRange?: readonly [number, number];
}

interface Ratio {
  readonly benchmark: string;
  readonly against: string;
  /**
   * Throughput of the benchmark over that of `against` (their seconds, inverted). With --repeat, the median of
   * the ratios of each round's runs (which ran minutes apart at most), and their range.
   */
  readonly ratio: number;
  readonly range?: readonly [number, number];
}

function child(b: Benchmark, loadOnly: boolean): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModel } = require('../src/load/load-model') as typeof import('../src/load/load-model');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { check } = require('../src/check/check') as typeof import('../src/check/check');
  const model = loadModel(path.join(ROOT, b.model), { typecheck: false });
  if (loadOnly) return;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const invariants = b.safetyOnly ? { invariants: [...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})] } : {};
  const r = check(model, { params: b.params, workers: b.workers ?? 1, ...(b.memoryMb !== undefined ? { memoryMb: b.memoryMb } : {}), ...invariants, ...(b.strategy !== undefined ? { strategy: b.strategy } : {}) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const row: Omit<Row, 'totalSeconds'> = {
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
    workers: r.search.workers,
    ...(r.liveness ? { graphBytes: [r.liveness.bytesPerState, r.liveness.bytesPerEdge] as const } : {}),
  };
  process.stdout.write(JSON.stringify(row));
}

/** valgrind's summary line of the instructions executed, e.g. `==12== I   refs:      5,397,808,583`. */
function instructionsIn(stderr: string): number | undefined {
  const m = /^==\d+== I\s+refs:\s+([\d,]+)\s*$/m.exec(stderr);
  return m === null ? undefined : Number((m[1] as string).replace(/,/g, ''));
}

/**
 * Compiles the models of these benchmarks here, natively, into the compiled-model cache (load-module.ts), so that no
 * child under valgrind loads the TypeScript compiler: with the cache cold, TwoPhase RM=5 takes 1.2 CPU seconds
 * instead of 0.6, and its first count under valgrind was off from the next by half.
 */
function compileModels(chosen: readonly Benchmark[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModel } = require('../src/load/load-model') as typeof import('../src/load/load-model');
  for (const file of new Set(chosen.map((b) => b.model))) loadModel(path.join(ROOT, file), { typecheck: false });
}

const CACHEGRIND = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null'];
/** Functions kept per benchmark in a --profile report. */
const PROFILE_ROWS = 40;

/** How the benchmarks run: timed, counting instructions, or counting them per function. */
type Mode = 'time' | 'instructions' | 'profile';
let profiles = 0;

/** Runs benchmark `b` in a child process (under valgrind unless `mode` is 'time'); resolves with its row. */
function runChild(b: Benchmark, mode: Mode): Promise<Row> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const script = ['--max-old-space-size=20000', __filename, '--child', b.name];
    // With --profile: callgrind's output and V8's log, removed once read (see `collectProfile`).
    const run = mode === 'profile' ? profiles++ : -1;
    const profileFile = path.join(os.tmpdir(), `interleave-callgrind-${process.pid}-${run}.out`);
    const logFile = path.join(os.tmpdir(), `interleave-v8-${process.pid}-${run}.log`);
    // V8's compiler and collector threads would run at times that differ from run to run, and the count with them;
    // its heap grows on a fixed schedule (otherwise it depends on timers: counts of one build varied by 10%).
    // The model is loaded once first, so that its compiled JavaScript is cached and TypeScript is not counted.
    if (mode !== 'time') spawnSync(process.execPath, [__filename, '--child', b.name, '--load-only'], { cwd: ROOT });
    const proc =
      mode === 'instructions'
        ? spawn('valgrind', [...CACHEGRIND, process.execPath, '--single-threaded', '--predictable-gc-schedule', ...script], { cwd: ROOT })
        : mode === 'profile'
          ? spawn('valgrind', [...callgrindArgs(profileFile), process.execPath, ...profileNodeFlags(logFile), ...script], { cwd: ROOT })
          : spawn(process.execPath, script, { cwd: ROOT });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`bench: ${b.name} failed (exit ${String(code)}): ${err.split('\n').slice(0, 5).join(' ')}`));
        return;
      }
      const row: Row = { ...(JSON.parse(out) as Row), totalSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
      if (mode === 'time') {
        resolve(row);
        return;
      }
      const count = instructionsIn(err);
      if (count === undefined) {
        reject(new Error(`bench: valgrind printed no instruction count for ${b.name}`));
        return;
      }
      const counted = { ...row, instructions: count, instructionsPerGenerated: Math.round(count / Math.max(1, row.generated)) };
      if (mode === 'instructions' || proc.pid === undefined) {
        resolve(counted);
        return;
      }
      const { total, entries } = collectProfile(profileFile, logFile, proc.pid, ROOT);
      const share = (n: number): number => Math.round((n / Math.max(1, total)) * 10000) / 100;
      resolve({ ...counted, profile: entries.slice(0, PROFILE_ROWS).map((e) => ({ ...e, share: share(e.instructions) })) });
    });
  });
}

/** TLC's row for `t` (see `tlc.ts`); its search seconds are the java process's, start-up included. */
async function measureTlc(jar: string, t: TlcBaseline): Promise<Row> {
  const r = await runTlc(jar, t.rm, t.workers);
  return {
    name: tlcRowName(t),
    verdict: 'ok',
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    seconds: r.totalSeconds,
    totalSeconds: r.totalSeconds,
    cpuSeconds: r.cpuSeconds,
    distinctPerSecond: Math.round(r.distinct / r.totalSeconds),
    generatedPerSecond: Math.round(r.generated / r.totalSeconds),
    peakRssMb: r.peakRssMb,
    storeBytesPerState: NaN,
    workers: t.workers,
  };
}

/** A benchmark's row: with `copies`, that many runs at once, averaged. */
async function measure(b: Benchmark, mode: Mode): Promise<Row> {
  const copies = b.copies ?? 1;
  const rows = await Promise.all(Array.from({ length: copies }, () => runChild(b, mode)));
  const first = rows[0] as Row;
  if (copies === 1) return first;
  const mean = (f: (r: Row) => number): number => rows.reduce((n, r) => n + f(r), 0) / copies;
  const seconds = mean((r) => r.seconds);
  return {
    ...first,
    seconds,
    totalSeconds: mean((r) => r.totalSeconds),
    cpuSeconds: mean((r) => r.cpuSeconds),
    distinctPerSecond: Math.round(first.distinct / seconds),
    generatedPerSecond: Math.round(first.generated / seconds),
    peakRssMb: Math.max(...rows.map((r) => r.peakRssMb)),
  };
}

/**
 * The run with the median search seconds (with --instructions, the median count; the lower of the two middle
 * ones), with the range of total seconds.
 */
function median(rows: readonly Row[]): Row {
  const sorted = [...rows].sort((a, b) => (a.instructions ?? a.seconds) - (b.instructions ?? b.seconds));
  const row = sorted[(sorted.length - 1) >> 1] as Row;
  if (rows.length === 1) return row;
  const totals = rows.map((r) => r.totalSeconds);
  return { ...row, runs: rows.length, totalSecondsRange: [Math.min(...totals), Math.max(...totals)] };
}

async function main(argv: string[]): Promise<number> {
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    const b = BENCHMARKS.find((x) => x.name === argv[childAt + 1]);
    if (!b) return 2;
    child(b, argv.includes('--load-only'));
    return 0;
  }
  const json = argv.includes('--json');
  const full = argv.includes('--full');
  const exact = argv.includes('--exact');
  const filters = argv.flatMap((a, i) => (argv[i - 1] === '--filter' ? [a] : []));
  const picked = (b: Benchmark): boolean => filters.length === 0 || filters.some((f) => (exact ? b.name === f : b.name.includes(f)));
  const repeatAt = argv.indexOf('--repeat');
  const repeat = repeatAt < 0 ? 1 : Number(argv[repeatAt + 1]);
  if (!Number.isInteger(repeat) || repeat < 1) {
    process.stderr.write(`bench: --repeat takes a whole number of runs, at least 1 (got ${JSON.stringify(argv[repeatAt + 1] ?? '')}).\n`);
    return 2;
  }
  const mode: Mode = argv.includes('--profile') ? 'profile' : argv.includes('--instructions') ? 'instructions' : 'time';
  const instructions = mode !== 'time';
  if (instructions && spawnSync('valgrind', ['--version']).status !== 0) {
    process.stderr.write(`bench: --${mode} runs each benchmark under valgrind, which is not installed here (on Debian: apt-get install valgrind).\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((b) => (full || !b.full) && picked(b));
  if (instructions) compileModels(chosen);
  const head = ['benchmark', 'verdict', 'distinct', 'generated', 'depth', 'seconds', 'total s', 'cpu s', 'distinct/s', 'generated/s', 'peak RSS MB', 'store B/state', 'graph B/state+edge'];
  if (instructions) head.push('instructions', 'instructions/generated');
  if (repeat > 1) head.push(`total s over ${repeat} runs`);
  if (!json) process.stdout.write(`${head.join('\t')}\n`);
  // TLC's rows, each run once a round just before the first benchmark compared with it.
  const setup = instructions ? { skip: '' } : tlcSetup();
  if ('skip' in setup && setup.skip !== '' && chosen.some((b) => b.tlc !== undefined)) process.stderr.write(`${setup.skip}\n`);
  const jar = 'jar' in setup ? setup.jar : undefined;
  const plan: (Benchmark | TlcBaseline)[] = [];
  const tlcRows = new Set<string>();
  for (const b of chosen) {
    if (jar !== undefined && b.tlc !== undefined && !tlcRows.has(tlcRowName(b.tlc))) {
      tlcRows.add(tlcRowName(b.tlc));
      plan.push(b.tlc);
    }
    plan.push(b);
  }
  const nameOf = (job: Benchmark | TlcBaseline): string => ('name' in job ? job.name : tlcRowName(job));
  const runs = new Map<string, Row[]>(plan.map((job) => [nameOf(job), []]));
  for (let round = 1; round <= repeat; round++) {
    for (const job of plan) {
      const name = nameOf(job);
      try {
        (runs.get(name) as Row[]).push('name' in job ? await measure(job, mode) : await measureTlc(jar as string, job));
      } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 1;
      }
      if (round < repeat) continue;
      const row = median(runs.get(name) as Row[]);
      const cells = [row.name, row.verdict, row.distinct, row.generated, row.depth, row.seconds.toFixed(2), row.totalSeconds.toFixed(2), Number.isNaN(row.cpuSeconds) ? '-' : row.cpuSeconds.toFixed(2), row.distinctPerSecond, row.generatedPerSecond, Number.isNaN(row.peakRssMb) ? '-' : row.peakRssMb, Number.isNaN(row.storeBytesPerState) ? '-' : row.storeBytesPerState, row.graphBytes?.join('+') ?? '-'];
      if (row.instructions !== undefined) cells.push(row.instructions, row.instructionsPerGenerated ?? 0);
      if (row.totalSecondsRange !== undefined) cells.push(row.totalSecondsRange.map((t) => t.toFixed(2)).join(' to '));
      if (!json) process.stdout.write(`${cells.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)).join('\t')}\n`);
      if (!json && row.profile !== undefined) {
        process.stdout.write(`  instructions by function, ${row.name} (self, not counting what each called):\n`);
        for (const e of row.profile.slice(0, 25)) process.stdout.write(`  ${e.share.toFixed(2).padStart(6)}%  ${e.instructions.toLocaleString('en-US').padStart(15)}  ${e.name}\n`);
      }
    }
  }
  const rows = plan.map((job) => median(runs.get(nameOf(job)) as Row[]));
  const ratios: Ratio[] = [];
  const cost = (r: Row): number => r.instructions ?? r.seconds;
  /** The ratio of each round, as the median of them and their range. */
  const perRound = (benchmark: string, against: string, ofRound: (round: number) => number): Ratio => {
    const each = Array.from({ length: repeat }, (_, round) => ofRound(round)).sort((x, y) => x - y);
    const ratio = each[(repeat - 1) >> 1] as number;
    return repeat === 1 ? { benchmark, against, ratio } : { benchmark, against, ratio, range: [each[0] as number, each[repeat - 1] as number] };
  };
  for (const b of chosen) {
    const own = runs.get(b.name) as Row[];
    // Checking temporal properties against the safety search alone: the cost ratio, by instructions or seconds.
    const safety = b.safetyRun === undefined ? undefined : runs.get(b.safetyRun);
    if (safety !== undefined) ratios.push(perRound(b.name, `${b.safetyRun} (liveness/safety cost)`, (i) => cost(own[i] as Row) / cost(safety[i] as Row)));
    if (instructions) continue;
    const base = b.baseline === undefined ? undefined : runs.get(b.baseline);
    // Copies run the same work n times over: their throughput is n runs per mean time.
    if (base !== undefined) ratios.push(perRound(b.name, b.baseline as string, (i) => ((b.copies ?? 1) * (base[i] as Row).seconds) / (own[i] as Row).seconds));
    const tlc = b.tlc === undefined ? undefined : runs.get(tlcRowName(b.tlc));
    if (tlc !== undefined) ratios.push(perRound(b.name, tlcRowName(b.tlc as TlcBaseline), (i) => (tlc[i] as Row).totalSeconds / (own[i] as Row).totalSeconds));
  }
  if (json) process.stdout.write(`${JSON.stringify({ node: process.version, benchmarks: rows, ratios })}\n`);
  else {
    if (ratios.length > 0) process.stdout.write('\nthroughput ratios (search seconds; against TLC, total seconds with start-up); liveness/safety: cost, by instructions with --instructions\n');
    for (const r of ratios) {
      const range = r.range === undefined ? '' : ` (${r.range.map((x) => `${x.toFixed(2)}x`).join(' to ')} over ${repeat} rounds)`;
      process.stdout.write(`${r.benchmark} vs ${r.against}: ${r.ratio.toFixed(2)}x${range}\n`);
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
