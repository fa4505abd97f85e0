import type { SimulateResult } from '../search/simulate/types';
import { formatViolation } from './format-result';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

/** The strategy of a report, with its parameters: `pct (d=3)`, `swarm of 8 (shard 1/2)`. */
export function strategyLabel(r: Pick<SimulateResult, 'strategy' | 'pctDepth' | 'swarm' | 'shard'>): string {
  if (r.swarm !== undefined) return `swarm of ${r.swarm} configurations${r.shard ? ` (shard ${r.shard.index}/${r.shard.count})` : ''}`;
  return r.strategy === 'pct' ? `pct (d=${r.pctDepth})` : r.strategy;
}

/**
 * The human report of `interleave simulate`: the verdict in words that claim no more than a simulation shows,
 * seed and strategy, each (shrunk) counterexample with its replay command, coverage and reachability.
 */
export function formatSimulation(r: SimulateResult): string {
  const out: string[] = [];
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  out.push(`Model: ${r.model}${params ? `  (${params})` : ''}`);
  const budget = `${n(r.runs)} runs, ${n(r.steps)} steps`;
  const verdict =
    r.verdict === 'ok'
      ? `OK: no violation found in ${budget} (a simulation proves nothing; run \`interleave check\` for a proof)`
      : r.verdict === 'error'
        ? `ERROR ${r.error?.code ?? ''}`
        : `${r.verdict.toUpperCase()} (${[...new Set(r.violations.map((v) => v.name))].join(', ')}) in ${budget}`;
  out.push(`Verdict: ${verdict}`);
  out.push(
    `Simulation: seed ${r.seed}, strategy ${strategyLabel(r)}, at most ${n(r.depth)} steps a run, ${(r.durationMs / 1000).toFixed(1)} s${r.stopped === 'time-limit' ? ', stopped at the time limit' : ''}`,
  );
  if (r.checked.length > 0) out.push(`Checked at every step: ${r.checked.join(', ')}`);
  if (r.notChecked.length > 0) out.push(`Not checked (temporal properties need \`interleave check\`): ${r.notChecked.join(', ')}`);
  for (const v of r.violations) {
    out.push('');
    const where = `found in run ${v.run}${r.swarm !== undefined ? ` of configuration ${v.config}` : ''} (run seed ${v.runSeed}), after ${n(v.runsUntil)} runs and ${n(v.stepsUntil)} steps`;
    const shrunk = v.shrunk ? `shrunk from ${v.rawLength} to ${v.trace.length} states` : `not shrunk, ${v.rawLength} states`;
    out.push(`${formatViolation({ kind: v.kind, name: v.name, trace: v.trace })}`);
    out.push(`  (${where}; ${shrunk}; ${v.switches} actor switches)`);
    out.push(`  Replay: ${v.reproduce}`);
  }
  out.push('');
  const c = r.coverage;
  const estimate = c.estimate ? `; Chao1 estimate of the reachable total ${n(c.estimate.total)} (f1=${c.estimate.f1}, f2=${c.estimate.f2}; a low estimate, as walks visit states unevenly)` : '; no estimate (no state seen twice)';
  out.push(`Coverage: ${n(c.distinctStates)} distinct states seen${estimate}; longest run ${n(c.maxDepth)} steps`);
  const types = Object.entries(c.actions);
  if (types.length > 0) {
    const w = Math.max(6, ...types.map(([t]) => t.length));
    out.push(`  ${'action'.padEnd(w)}  ${'enabled'.padStart(10)}  ${'taken'.padStart(10)}`);
    for (const [t, k] of types) out.push(`  ${t.padEnd(w)}  ${n(k.enabled).padStart(10)}  ${n(k.taken).padStart(10)}`);
  }
  for (const [name, hit] of Object.entries(r.reachable)) {
    out.push(`Reachable ${name}: ${hit ? 'witnessed' : 'not witnessed (which is no evidence that it is unreachable)'}`);
  }
  if (r.error) out.push('', `${r.error.code}: ${r.error.message}`);
  return out.join('\n');
}
