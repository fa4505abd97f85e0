import type { Action, AnyModel, Model, Params } from '../model/types';
import type { CheckOptions } from './options';
import type { CheckResult, CheckStats, TraceStep, Violation } from './result';
import { resolveOptions } from './options';
import { breadthFirstSearch, type SearchOutcome, type SearchPlan } from './bfs';
import { describeFailure } from './describe-failure';
import { validateModel } from '../model/validate-model';
import { resolveParams } from '../model/resolve-params';
import { InterleaveError } from '../errors/interleave-error';
import { rebuildTrace } from '../trace/rebuild-trace';
import { VERSION } from '../version';

function plan(model: AnyModel, selected: readonly string[] | undefined, deadlock: boolean | undefined): SearchPlan {
  const invariants = Object.entries(model.invariants);
  const actionInvariants = Object.entries(model.actionInvariants ?? {});
  if (selected !== undefined) {
    const known = new Set([...invariants, ...actionInvariants].map(([n]) => n));
    for (const name of selected) {
      if (!known.has(name)) {
        throw new InterleaveError({
          code: 'IL104',
          message: `Unknown invariant "${name}" for model ${model.name}.`,
          hint: known.size ? `Its invariants are: ${[...known].join(', ')}.` : 'The model declares no invariants.',
        });
      }
    }
  }
  const keep = <T>(entries: [string, T][]): [string, T][] => (selected ? entries.filter(([n]) => selected.includes(n)) : entries);
  return {
    invariants: keep(invariants),
    actionInvariants: keep(actionInvariants),
    reachable: Object.entries(model.reachable ?? {}),
    deadlock: deadlock ?? model.deadlock ?? true,
  };
}

function stats(outcome: SearchOutcome, durationMs: number): CheckStats {
  const n = outcome.store.size;
  const coverage: Record<string, { enabled: number; distinct: number }> = {};
  for (const [type, c] of [...outcome.coverage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) coverage[type] = { ...c };
  return {
    distinctStates: n,
    generatedStates: outcome.generatedStates,
    depth: outcome.statesPerDepth.length,
    statesPerDepth: outcome.statesPerDepth,
    coverage,
    durationMs,
    statesPerSecond: durationMs > 0 ? Math.round((n * 1000) / durationMs) : n,
    peakMemoryBytes: outcome.peakMemoryBytes,
    collisionProbability: (n * Math.max(0, outcome.generatedStates - n)) / 2 ** 64,
    reachable: Object.fromEntries(outcome.reachable),
  };
}

/**
 * Checks a model exhaustively, breadth-first, and returns a tagged result: `ok`, `violation` or `deadlock`
 * (with shortest traces), `incomplete` (a bound was hit) or `error` (the model failed while explored).
 * Bad options, params or invariant names throw an `InterleaveError` before the search starts.
 */
export function check<S, A extends Action, P extends Params>(model: Model<S, A, P>, options?: CheckOptions): CheckResult<S, A>;
export function check(input: AnyModel, options: CheckOptions = {}): CheckResult {
  const model = validateModel(input);
  const resolved = resolveOptions(options);
  const params = resolveParams(model, resolved.params);
  const searchPlan = plan(model, resolved.invariants, resolved.deadlock);
  const start = performance.now();
  const outcome = breadthFirstSearch(model, params, searchPlan, resolved);
  const durationMs = Math.round(performance.now() - start);
  const base = {
    model: model.name,
    params,
    checked: [...searchPlan.invariants, ...searchPlan.actionInvariants].map(([n]) => n),
    version: VERSION,
    ...stats(outcome, durationMs),
  };
  const violations: Violation[] = outcome.violations.map((v) => ({
    kind: v.kind,
    name: v.name,
    trace: rebuildTrace(model, params, outcome.store, v.at),
  }));
  if (outcome.failure) {
    const error = describeFailure(model, outcome.failure);
    let trace: TraceStep[] = [];
    if (outcome.failure.at) trace = rebuildTrace(model, params, outcome.store, outcome.failure.at);
    return { ...base, verdict: 'error', error: error.toInfo(), trace, violations };
  }
  const complete = outcome.stopped === undefined && (violations.length === 0 || resolved.continue);
  if (complete && resolved.reachability) {
    for (const [name, hit] of outcome.reachable) if (!hit) violations.push({ kind: 'unreachable', name, trace: [] });
  }
  if (violations.length > 0) {
    const verdict = violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock';
    return { ...base, verdict, violations, ...(outcome.stopped ? { incomplete: outcome.stopped } : {}) };
  }
  if (outcome.stopped) return { ...base, verdict: 'incomplete', reason: outcome.stopped, violations: [] };
  return { ...base, verdict: 'ok', violations: [] };
}
