/**
 * What `check --fewest-switches` costs beside a plain `check`, on every bundled suite entry that expects a
 * violation of an invariant, an action invariant or a deadlock (one row per model and params): the CPU seconds
 * of the plain breadth-first search that stops at the first counterexample (one thread), and of the same search
 * with `fewestSwitches` (which keeps switch counts per state and finishes the counterexample's level), and their
 * ratio: the median of `--repeat` runs each, the two alternating, each run after a full garbage collection (most
 * of these searches take milliseconds, where a collection owed by the run before would be most of the time).
 * CPU seconds, not wall-clock: the machine is shared, and the two searches run back to back, so the load changes
 * both alike. Prints a markdown table.
 *
 *   npm run build && node --expose-gc dist/bench/fewest-switches.js [--filter 'TEXT|TEXT'] [--repeat 21] [--continue]
 *   npm run build && node dist/bench/fewest-switches.js --instructions [--filter TEXT] [--target 0.2]
 *
 * With --instructions, each row's two searches are counted in instructions instead (valgrind's cachegrind, which
 * does not depend on the machine's load): a child process runs both searches 3 times each to warm up and then one
 * of them K times (K: about `--target` CPU seconds of the plain search, at least 2), and the count of a child that
 * only warms up is subtracted, leaving instructions per search. The garbage collector's work differs from child
 * to child: a larger target evens it out (at 0.2 s, one row's ratio was 1.20x, 1.31x and 1.41x in three runs).
 *
 * With --continue, both explore the whole space (every expected property's shortest counterexample).
 */
import { spawnSync } from 'node:child_process';
import { findSpecFiles, loadSuite } from '../src/suite/load-suite';
import { loadModel } from '../src/load/load-model';
import { check } from '../src/check/check';
import { resolveParams } from '../src/model/resolve-params';
import type { Params } from '../src/model/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
}

/** CPU seconds (user + system) of `f`, and its result. */
function cpu<T>(f: () => T): { seconds: number; value: T } {
  const before = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(before);
  return { seconds: (used.user + used.system) / 1e6, value };
}

interface Row {
  readonly label: string;
  readonly modelPath: string;
  readonly params: Params;
  readonly names: string[];
  readonly deadlock: boolean;
}

/** Every bundled entry expecting a safety violation or a deadlock, once per model, params and properties. */
function rows(filter: string): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const spec of findSpecFiles(['specs'])) {
    const suite = loadSuite(spec);
    for (const { entry, modelPath } of suite.entries) {
      const label = `${suite.suite.name}: ${entry.name}`;
      if (modelPath === undefined || !filter.split('|').some((f) => label.includes(f)) || entry.mode === 'simulate' || entry.maxSwitches !== undefined) continue;
      const model = loadModel(modelPath, { typecheck: false });
      const safety = new Set([...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})]);
      const names = Object.entries(entry.expect).filter(([n, e]) => e === 'violated' && safety.has(n)).map(([n]) => n);
      if (names.length === 0 && !entry.deadlock) continue;
      const params = resolveParams(model, entry.params ?? {});
      const key = `${modelPath} ${JSON.stringify(params)} ${names.join()} ${Boolean(entry.deadlock)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ label, modelPath, params, names, deadlock: Boolean(entry.deadlock) });
    }
  }
  return out;
}

function optionsOf(row: Row, whole: boolean) {
  return { params: row.params, invariants: row.names, deadlock: row.deadlock, workers: 1, continue: whole };
}

/** `--child ROW MODE K`: the row (as JSON) warmed up, then K searches of MODE (plain, fewest or none), for valgrind to count. */
function child(): void {
  const i = process.argv.indexOf('--child');
  const row = JSON.parse(process.argv[i + 1] as string) as Row;
  const mode = process.argv[i + 2];
  const k = Number(process.argv[i + 3]);
  const model = loadModel(row.modelPath, { typecheck: false });
  const options = optionsOf(row, process.argv.includes('--continue'));
  // Warm: both searches compiled by the optimizing tier before any is counted.
  for (let n = 0; n < 3; n++) {
    check(model, options);
    check(model, { ...options, fewestSwitches: true });
  }
  if (mode === 'none') return;
  for (let n = 0; n < k; n++) check(model, mode === 'fewest' ? { ...options, fewestSwitches: true } : options);
}

function instructions(row: Row, mode: string, k: number, whole: boolean): number {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', '--predictable-gc-schedule', __filename, '--child', JSON.stringify(row), mode, String(k), ...(whole ? ['--continue'] : [])], { encoding: 'utf8' });
  const m = /^==\d+== I\s+refs:\s+([\d,]+)\s*$/m.exec(r.stderr);
  if (m === null) throw new Error(`valgrind printed no instruction count: ${r.stderr.slice(-500)}`);
  return Number((m[1] as string).replace(/,/g, ''));
}

function countInstructions(filter: string, whole: boolean): void {
  const target = Number(arg('--target', '0.2'));
  const lines = ['| entry | check instructions | with --fewest-switches | ratio |', '|---|---|---|---|'];
  const ratios: number[] = [];
  for (const row of rows(filter)) {
    // Searches counted per child: about `--target` CPU seconds of the plain one at native speed, at least 2.
    const model = loadModel(row.modelPath, { typecheck: false });
    for (let n = 0; n < 3; n++) check(model, optionsOf(row, whole));
    const once = cpu(() => check(model, optionsOf(row, whole))).seconds;
    const k = Math.max(2, Math.min(200, Math.round(target / Math.max(once, 1e-3))));
    const base = instructions(row, 'none', k, whole);
    const plain = (instructions(row, 'plain', k, whole) - base) / k;
    const fewest = (instructions(row, 'fewest', k, whole) - base) / k;
    const ratio = fewest / plain;
    ratios.push(ratio);
    lines.push(`| ${row.label} | ${Math.round(plain).toLocaleString('en-US')} | ${Math.round(fewest).toLocaleString('en-US')} | ${ratio.toFixed(2)} |`);
    console.error(lines[lines.length - 1]);
  }
  console.log(lines.join('\n'));
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`\nRatio at most 1.5x on ${ratios.filter((r) => r <= 1.5).length} of ${ratios.length} entries; median ${median(ratios).toFixed(2)}x, worst ${(sorted[sorted.length - 1] ?? 0).toFixed(2)}x (instructions per search, after 3 of each to warm up).`);
}

function main(): void {
  const filter = arg('--filter', '');
  const whole = process.argv.includes('--continue');
  if (process.argv.includes('--child')) return child();
  if (process.argv.includes('--instructions')) return countInstructions(filter, whole);
  const repeat = Number(arg('--repeat', '21'));
  const gc = (globalThis as { gc?: () => void }).gc;
  const lines = ['| entry | distinct states (check) | shortest | check CPU ms | with --fewest-switches CPU ms | states expanded / skipped to finish the level | switches (first found → fewest) | ratio |', '|---|---|---|---|---|---|---|---|'];
  let worst = 0;
  const ratios: number[] = [];
  for (const row of rows(filter)) {
    {
      const label = row.label;
      const model = loadModel(row.modelPath, { typecheck: false });
      const options = optionsOf(row, whole);
      const plain: number[] = [];
      const fewest: number[] = [];
      let states = 0;
      let shortest = 0;
      let finish = '';
      let switches = '';
      // One run each to warm up; then the two alternate, each after a full collection (with --expose-gc), so
      // that neither pays for the other's garbage.
      check(model, options);
      check(model, { ...options, fewestSwitches: true });
      for (let i = 0; i < repeat; i++) {
        gc?.();
        const bfs = cpu(() => check(model, options));
        plain.push(bfs.seconds);
        gc?.();
        const withSwitches = cpu(() => check(model, { ...options, fewestSwitches: true }));
        fewest.push(withSwitches.seconds);
        states = bfs.value.distinctStates;
        shortest = Math.max(0, ...bfs.value.violations.map((v) => v.trace.length));
        const r = withSwitches.value;
        const stats = r.search.fewestSwitches;
        finish = stats === undefined ? '' : `${stats.expandedAfterFirst.toLocaleString('en-US')} / ${stats.skippedAfterFirst.toLocaleString('en-US')}`;
        switches = r.violations.map((v) => (v.switches ? `${v.switches.firstFound} → ${v.switches.fewest}` : '')).join(', ');
      }
      const c = median(plain);
      const f = median(fewest);
      const ratio = f / c;
      ratios.push(ratio);
      worst = Math.max(worst, ratio);
      lines.push(`| ${label} | ${states.toLocaleString('en-US')} | ${shortest} | ${(c * 1000).toFixed(2)} | ${(f * 1000).toFixed(2)} | ${finish} | ${switches} | ${ratio.toFixed(2)} |`);
      console.error(lines[lines.length - 1]);
    }
  }
  console.log(lines.join('\n'));
  const within = ratios.filter((r) => r <= 1.5).length;
  console.log(`\nRatio at most 1.5x on ${within} of ${ratios.length} entries; median ${median(ratios).toFixed(2)}x, worst ${worst.toFixed(2)}x (median of ${repeat} runs each${gc ? ', a collection before each' : ''}).`);
}

main();
