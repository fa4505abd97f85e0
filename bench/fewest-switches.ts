/**
 * What `check --fewest-switches` costs beside a plain `check`, on every bundled suite entry that expects a
 * violation of an invariant, an action invariant or a deadlock (one row per model and params): the CPU seconds
 * of the breadth-first search that finds the first counterexample (one thread), and of the second search
 * (`fewestSwitches`, to that counterexample's level), each the median of `--repeat` runs in this one process,
 * and their ratio (check + second) / check. CPU seconds, not wall-clock: the machine is shared, and the two
 * searches of a row run back to back, so the load changes both alike. Prints a markdown table.
 *
 *   npm run build && node dist/bench/fewest-switches.js [--filter TEXT] [--repeat 3] [--continue]
 *
 * With --continue, the check explores the whole space (every expected property's shortest counterexample).
 */
import { findSpecFiles, loadSuite } from '../src/suite/load-suite';
import { loadModel } from '../src/load/load-model';
import { check } from '../src/check/check';
import { StepEngine } from '../src/engine/step-engine';
import { fewestSwitches } from '../src/search/switches/fewest-switches';
import type { SwitchTarget } from '../src/search/switches/target';
import { resolveParams } from '../src/model/resolve-params';

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

function main(): void {
  const filter = arg('--filter', '');
  const repeat = Number(arg('--repeat', '3'));
  const whole = process.argv.includes('--continue');
  const seen = new Set<string>();
  const lines = ['| entry | distinct states (check) | shortest | check CPU s | fewest-switches CPU s | states it expanded | ratio |', '|---|---|---|---|---|---|---|'];
  let worst = 0;
  for (const spec of findSpecFiles(['specs'])) {
    const suite = loadSuite(spec);
    for (const { entry, modelPath } of suite.entries) {
      const label = `${suite.suite.name}: ${entry.name}`;
      if (modelPath === undefined || !label.includes(filter) || entry.mode === 'simulate' || entry.maxSwitches !== undefined) continue;
      const model = loadModel(modelPath, { typecheck: false });
      const safety = new Set([...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})]);
      const names = Object.entries(entry.expect).filter(([n, e]) => e === 'violated' && safety.has(n)).map(([n]) => n);
      if (names.length === 0 && !entry.deadlock) continue;
      const params = resolveParams(model, entry.params ?? {});
      const key = `${modelPath} ${JSON.stringify(params)} ${names.join()} ${Boolean(entry.deadlock)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const checks: number[] = [];
      const seconds: number[] = [];
      let states = 0;
      let shortest = 0;
      let expanded = 0;
      for (let i = 0; i < repeat; i++) {
        const bfs = cpu(() => check(model, { params, invariants: names, deadlock: Boolean(entry.deadlock), workers: 1, continue: whole }));
        checks.push(bfs.seconds);
        const targets = bfs.value.violations.filter((v) => v.kind !== 'unreachable' && v.trace.length > 0);
        states = bfs.value.distinctStates;
        shortest = Math.max(0, ...targets.map((v) => v.trace.length));
        // As `check --fewest-switches` does it: one search for every counterexample, exact states.
        const second = cpu(() => {
          const engine = new StepEngine(model, bfs.value.params, {
            invariants: targets.filter((v) => v.kind === 'invariant').map((v) => v.name),
            actionInvariants: targets.filter((v) => v.kind === 'action-invariant').map((v) => v.name),
            reachable: [],
            deadlock: targets.some((v) => v.kind === 'deadlock'),
            symmetry: false,
          });
          return fewestSwitches(engine, targets.map((v) => ({ kind: v.kind as SwitchTarget['kind'], name: v.name })), shortest);
        });
        seconds.push(second.seconds);
        expanded = Math.max(0, ...[...second.value.values()].map((o) => o.expanded));
      }
      const c = median(checks);
      const f = median(seconds);
      const ratio = (c + f) / c;
      worst = Math.max(worst, ratio);
      lines.push(`| ${label} | ${states.toLocaleString('en-US')} | ${shortest} | ${c.toFixed(2)} | ${f.toFixed(2)} | ${expanded.toLocaleString('en-US')} | ${ratio.toFixed(2)} |`);
      console.error(lines[lines.length - 1]);
    }
  }
  console.log(lines.join('\n'));
  console.log(`\nWorst ratio: ${worst.toFixed(2)}x (median of ${repeat} runs each).`);
}

main();
