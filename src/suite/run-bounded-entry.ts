import * as path from 'node:path';
import type { AnyModel } from '../model/types';
import type { RunEntryInput } from './run-entry';
import type { EntryResult, PropertyOutcome } from './entry-result';
import type { Verdict } from '../check/result';
import { propertiesOf } from './evaluate-entry';
import { simulate } from '../search/simulate/simulate';
import { maxSwitchesSearch } from '../search/switches/max-switches';
import { selectChecks } from '../search/select-checks';
import { StepEngine } from '../engine/step-engine';
import { replay } from '../engine/replay';
import { resolveParams } from '../model/resolve-params';
import { reproduceCommand } from '../report/reproduce';

/** What a run that is not exhaustive showed: the violations found (with their trace's actions) and reachable properties witnessed. */
interface Seen {
  readonly verdict: Verdict;
  readonly violated: Map<string, readonly string[]>;
  readonly witnessed: ReadonlySet<string>;
  /** Why "not found" is all one may say: "in 1,000 runs", "up to 2 switches". */
  readonly scope: string;
  readonly distinctStates: number;
  readonly depth: number;
  readonly seconds: number;
  readonly reproduce: string;
  readonly error?: string;
}

/**
 * An entry run by simulation (`mode: 'simulate'`) or by the search bounded in actor switches (`maxSwitches`):
 * a property expected violated must be found; one expected to hold must not be; reachable properties expected
 * to hold must be witnessed (simulation) and are not judged under a switch bound; temporal properties are not
 * judged (neither driver checks them), unless expected violated, which neither can show.
 */
export async function runBoundedEntry(input: RunEntryInput, model: AnyModel): Promise<EntryResult> {
  const { entry } = input;
  const params = resolveParams(model, entry.params ?? {});
  const file = path.relative(process.cwd(), input.modelPath as string);
  const seen = entry.mode === 'simulate' ? await simulated(input, model) : bounded(input, model);
  const deadlockChecked = model.deadlock !== false;
  const properties = propertiesOf(model, deadlockChecked).map(([name, kind]): PropertyOutcome => {
    const expected = kind === 'deadlock' ? (entry.deadlock ? 'violated' : 'holds') : (entry.expect[name] ?? 'holds');
    const own: string[] = [];
    let actual: PropertyOutcome['actual'];
    const trace = seen.violated.get(kind === 'deadlock' ? 'deadlock' : name);
    if (kind === 'liveness' || (kind === 'reachable' && entry.mode !== 'simulate')) {
      actual = 'unknown';
      if (expected === 'violated') own.push(`not decided: ${entry.mode === 'simulate' ? 'a simulation' : 'a search bounded in switches'} cannot show it violated`);
    } else if (kind === 'reachable') {
      actual = seen.witnessed.has(name) ? 'holds' : 'unknown';
      if (expected === 'violated') own.push('not decided: a simulation cannot show that a state is unreachable');
      else if (actual === 'unknown') own.push(`not witnessed ${seen.scope}`);
    } else {
      actual = trace !== undefined ? 'violated' : 'holds';
      if (actual !== expected) own.push(expected === 'violated' ? `expected a violation, but none was found ${seen.scope}` : 'expected to hold, but it is violated');
    }
    return {
      name,
      kind,
      expected,
      actual,
      ...(trace !== undefined ? { traceLength: trace.length + 1, traceActions: trace } : {}),
      problems: own,
    };
  });
  const problems = seen.error !== undefined ? [seen.error] : [];
  return {
    suite: input.suite,
    specFile: input.specFile,
    entry: entry.name,
    model: file,
    modelName: model.name,
    params,
    entryParams: entry.params ?? {},
    verdict: seen.verdict,
    distinctStates: seen.distinctStates,
    generatedStates: 0,
    depth: seen.depth,
    seconds: seen.seconds,
    properties,
    problems,
    passed: problems.length === 0 && properties.every((p) => p.problems.length === 0),
    reproduce: seen.reproduce,
  };
}

async function simulated(input: RunEntryInput, model: AnyModel): Promise<Seen> {
  const budget = input.entry.simulate ?? {};
  const options = {
    seed: budget.seed ?? 0,
    runs: budget.runs ?? 1000,
    depth: budget.depth ?? 200,
    strategy: budget.strategy ?? 'random',
    pctDepth: budget.pctDepth ?? 3,
  } as const;
  const r = await simulate(model, { params: resolveParams(model, input.entry.params ?? {}), ...options, workers: 1, shrink: true, continue: true });
  const violated = new Map<string, readonly string[]>();
  for (const v of r.violations) violated.set(v.kind === 'deadlock' ? 'deadlock' : v.name, v.trace.slice(1).map((s) => s.action?.type ?? '?'));
  const flags = ['--seed', String(options.seed), '--runs', String(options.runs), '--depth', String(options.depth), '--strategy', options.strategy, '--continue'];
  if (options.strategy === 'pct') flags.push('--pct-depth', String(options.pctDepth));
  return {
    verdict: r.verdict,
    violated,
    witnessed: new Set(Object.entries(r.reachable).filter(([, hit]) => hit).map(([n]) => n)),
    scope: `in ${r.runs.toLocaleString('en-US')} runs (seed ${options.seed}, ${options.strategy})`,
    distinctStates: r.coverage.distinctStates,
    depth: r.coverage.maxDepth,
    seconds: r.durationMs / 1000,
    reproduce: reproduceCommand(path.relative(process.cwd(), input.modelPath as string), r.params, flags, 'simulate'),
    ...(r.error ? { error: `${r.error.code}: ${r.error.message}` } : {}),
  };
}

function bounded(input: RunEntryInput, model: AnyModel): Seen {
  const k = input.entry.maxSwitches as number;
  const params = resolveParams(model, input.entry.params ?? {});
  const engine = new StepEngine(model, params, selectChecks(model, undefined, undefined, false).checks);
  const start = performance.now();
  const outcome = maxSwitchesSearch(engine, k, { continue: true, ...(input.entry.maxStates !== undefined ? { maxStates: input.entry.maxStates } : {}) });
  const violated = new Map<string, readonly string[]>();
  for (const v of outcome.violations) violated.set(v.kind === 'deadlock' ? 'deadlock' : v.name, replay(engine, v.path).slice(1).map((s) => s.action?.type ?? '?'));
  const verdict: Verdict = outcome.violations.length > 0 ? (outcome.violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock') : outcome.incomplete ? 'incomplete' : 'ok';
  return {
    verdict,
    violated,
    witnessed: new Set(),
    scope: `up to ${k} actor switches`,
    distinctStates: outcome.distinctStates,
    depth: outcome.depth,
    seconds: (performance.now() - start) / 1000,
    reproduce: reproduceCommand(path.relative(process.cwd(), input.modelPath as string), params, ['--max-switches', String(k), '--continue'], 'check'),
    ...(outcome.incomplete && !input.entry.allowIncomplete ? { error: 'the run stopped at its bound (max-states) before exploring every behaviour within the switch bound' } : {}),
  };
}
