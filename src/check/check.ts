import type { Action, AnyModel, Model, ParamsOf } from '../model/types';
import type { CheckOptions } from './options';
import type { CheckResult, CheckStats, FewestSwitchesStats, TraceStep, Violation } from './result';
import { resolveOptions } from './options';
import { breadthFirstSearch } from '../search/bfs/bfs';
import { depthFirstSearch } from '../search/dfs';
import type { SearchOutcome, SearchPlan } from './search-outcome';
import { modelFileOf } from '../load/model-registry';
import { validateModel } from '../model/validate-model';
import { resolveParams } from '../model/resolve-params';
import { InterleaveError } from '../errors/interleave-error';
import { rebuildTrace } from '../trace/rebuild-trace';
import { violationTrace } from './violation-trace';
import { StepEngine } from '../engine/step-engine';
import { VERSION } from '../version';
import { prepareSpillDir } from '../search/bfs/spill-dir';
import { selectChecks } from '../search/select-checks';
import { analyseLiveness, livenessSetup, type LivenessOutcome } from '../liveness/check-liveness';
import { fewestSwitches } from '../search/switches/fewest-switches';
import { targetKey } from '../search/switches/target';
import { switchesOf, traceActors } from '../search/switches/switches-of';
import type { ReplayPath } from '../engine/replay';

/**
 * `fewestSwitches`: per property broken, the path of a shortest counterexample with the fewest actor switches,
 * as the search kept them, or from a second search when the model has more actors than the search tells apart.
 */
function fewestPaths(engine: StepEngine, outcome: SearchOutcome): { paths: ReadonlyMap<string, { path: ReplayPath; switches: number }>; stats: FewestSwitchesStats } | undefined {
  const sw = outcome.switches;
  if (sw === undefined) return undefined;
  if (sw.recorded) {
    const exact = [...sw.paths.values()].every((p) => p.exact);
    return { paths: sw.paths, stats: { method: 'search', exact, expandedAfterFirst: sw.expandedAfter, skippedAfterFirst: sw.skippedAfter } };
  }
  const targets = outcome.violations.filter((v) => v.kind === 'invariant' || v.kind === 'action-invariant' || v.kind === 'deadlock');
  if (targets.length === 0) return undefined;
  // The depth of the deepest counterexample bounds the second search.
  const depth = Math.max(...targets.map((v) => violationTrace(engine, outcome.store, v, v.at).length));
  const second = new StepEngine(engine.model, engine.params, {
    invariants: targets.filter((v) => v.kind === 'invariant').map((v) => v.name),
    actionInvariants: targets.filter((v) => v.kind === 'action-invariant').map((v) => v.name),
    reachable: [],
    deadlock: targets.some((v) => v.kind === 'deadlock'),
    symmetry: false,
  });
  const found = fewestSwitches(second, targets.map((v) => ({ kind: v.kind as 'invariant', name: v.name })), depth);
  let expanded = 0;
  for (const o of found.values()) expanded = o.expanded;
  return { paths: found, stats: { method: 'second-search', exact: true, expandedAfterFirst: expanded, skippedAfterFirst: 0 } };
}

function plan(model: AnyModel, selected: readonly string[] | undefined, deadlock: boolean | undefined): SearchPlan & { properties: string[] } {
  const { checks, temporal } = selectChecks(model, selected, deadlock, false);
  const named = <F>(record: Readonly<Record<string, F>>, names: readonly string[]): [string, F][] => names.map((n) => [n, record[n] as F]);
  return {
    invariants: named(model.invariants, checks.invariants),
    actionInvariants: named(model.actionInvariants ?? {}, checks.actionInvariants),
    reachable: named(model.reachable ?? {}, checks.reachable),
    deadlock: checks.deadlock,
    properties: temporal,
  };
}

/** Temporal properties need the state graph the breadth-first pass records: the depth-first search refuses them. */
function refuseTemporal(model: AnyModel, temporal: readonly string[]): void {
  if (temporal.length === 0) return;
  const safety = [...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})];
  throw new InterleaveError({
    code: 'IL101',
    message: `Strategy dfs (--strategy dfs) does not check temporal properties, and model ${model.name} has ${temporal.map((n) => `"${n}"`).join(', ')} to check: liveness needs the whole state graph, which the breadth-first search records.`,
    hint: safety.length > 0
      ? `Check them with --strategy bfs (the default), or check only the other properties with dfs: ${safety.map((n) => `--invariant ${n}`).join(' ')} (option invariants).`
      : 'Check them with --strategy bfs (the default).',
  });
}

/** Worker threads load the model again, from the file it was loaded from. */
function modelFile(model: AnyModel): string {
  const file = modelFileOf(model);
  if (file === undefined) {
    throw new InterleaveError({
      code: 'IL101',
      message: `Option workers needs a model loaded from its file: model ${model.name} was not loaded with loadModel.`,
      hint: 'Load the model with loadModel(file), as the CLI does, or check it with workers: 1.',
    });
  }
  return file;
}

function stats(outcome: SearchOutcome, durationMs: number): Omit<CheckStats, 'search'> {
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
    storeBytes: outcome.store.bytes,
    spilledBytes: outcome.spilledBytes,
    collisionProbability: (n * Math.max(0, outcome.generatedStates - n)) / 2 ** 64,
    reachable: Object.fromEntries(outcome.reachable),
  };
}

/**
 * A warning per action type whose steps gave back the state they started from in more than half of the states
 * where it was enabled (and at least twice): `return s` where `undefined` (not enabled) was meant makes every
 * state look live, so a model that deadlocks reports OK. Counted without symmetry only.
 */
function unchangedWarnings(model: AnyModel, outcome: SearchOutcome): string[] {
  const ok = new Set(model.unchangedOk ?? []);
  const out: string[] = [];
  for (const [type, same] of outcome.unchanged ?? []) {
    const enabled = outcome.coverage.get(type)?.enabled ?? 0;
    if (ok.has(type) || same < 2 || same * 2 <= enabled) continue;
    out.push(
      `Action ${type} gave back the state it was given, unchanged, in ${same} of the ${enabled} steps where it was enabled: if it means "not enabled", return undefined (a step that changes nothing keeps a deadlocked model looking live). If intended, list it in the model's unchangedOk: ['${type}'].`,
    );
  }
  return out;
}

/**
 * Checks a model exhaustively, breadth-first (or depth-first with `strategy: 'dfs'`), and returns a tagged
 * result: `ok`, `violation` or `deadlock` (with shortest traces breadth-first), `incomplete` (a bound was hit) or `error` (the model failed while explored).
 * Bad options, params or invariant names throw an `InterleaveError` before the search starts.
 */
export function check<S, A extends Action, P extends ParamsOf<P>>(model: Model<S, A, P>, options?: CheckOptions<P>): CheckResult<S, A>;
export function check(input: AnyModel, options: CheckOptions<object> = {}): CheckResult {
  const model = validateModel(input);
  const resolved = resolveOptions(options);
  const params = resolveParams(model, resolved.params);
  const searchPlan = plan(model, resolved.invariants, resolved.deadlock);
  const dfs = resolved.strategy === 'dfs';
  if (dfs) refuseTemporal(model, searchPlan.properties);
  if (resolved.memoryBytes < Infinity) prepareSpillDir(resolved.spillDir);
  // Temporal properties: the search records the state graph as it goes, for the analysis after it.
  const setup = searchPlan.properties.length > 0 ? livenessSetup(model, params, searchPlan.properties) : undefined;
  const start = performance.now();
  // A recorded graph is the whole one: liveness on the quotient graph of a symmetry hook is not exact in general.
  const symmetryDropped = resolved.symmetry && model.symmetry !== undefined && setup !== undefined;
  // Actor switches are counted on the states themselves, by one thread.
  const fewest = resolved.fewestSwitches;
  const reduced = resolved.symmetry && model.symmetry !== undefined && !symmetryDropped && !fewest;
  const bfsPlan: SearchPlan = { ...searchPlan, ...(setup ? { record: setup.record } : {}), ...(fewest ? { switches: true } : {}) };
  const outcome = dfs
    ? depthFirstSearch(model, params, searchPlan, resolved)
    : breadthFirstSearch(model, params, bfsPlan, resolved, resolved.workers > 1 && !fewest ? modelFile(model) : undefined);
  const searchMs = performance.now() - start;
  const threads = outcome.threadsUsed ?? 0;
  const engine = new StepEngine(model, params, {
    invariants: searchPlan.invariants.map(([n]) => n),
    actionInvariants: searchPlan.actionInvariants.map(([n]) => n),
    reachable: [],
    deadlock: searchPlan.deadlock,
    symmetry: reduced,
  });
  let failure = outcome.failure;
  const violations: Violation[] = [];
  const switches = fewest && !failure ? fewestPaths(engine, outcome) : undefined;
  for (const v of outcome.violations) {
    try {
      const trace = violationTrace(engine, outcome.store, v, v.at);
      const best = switches?.paths.get(targetKey({ kind: v.kind as 'invariant', name: v.name }));
      if (best === undefined) violations.push({ kind: v.kind, name: v.name, trace });
      else violations.push({ kind: v.kind, name: v.name, trace: violationTrace(engine, outcome.store, v, best.path), switches: { fewest: best.switches, firstFound: switchesOf(traceActors(engine, trace)) } });
    } catch (error) {
      // IL303: the model is not deterministic; no trace of it is printed.
      if (!(error instanceof InterleaveError) || failure !== undefined) throw error;
      failure = { error };
    }
  }
  let stopped = outcome.stopped;
  let liveness: LivenessOutcome | undefined;
  let livenessError: InterleaveError | undefined;
  // The recorded graph is analysed unless the search ended at a violation (without --continue) or failed. Cut
  // short by a bound, lassos found among its expanded states are real; the verdict stays short of `ok`.
  const graph = outcome.graph;
  const runLiveness = setup !== undefined && graph !== undefined && !failure && (violations.length === 0 || resolved.continue);
  if (runLiveness) {
    try {
      liveness = analyseLiveness(model, params, setup, graph, searchMs);
      violations.push(...liveness.violations);
    } catch (error) {
      if (!(error instanceof InterleaveError)) throw error;
      livenessError = error;
    }
  }
  const warnings = unchangedWarnings(model, outcome);
  if (fewest && resolved.workers > 1) warnings.push(`The fewest-switches search ran on one thread (workers: ${resolved.workers} was not used): it keeps its switch counts on the thread that expands the states.`);
  if (fewest && resolved.symmetry && model.symmetry !== undefined) {
    warnings.push(`Actor switches are counted on the states themselves, so the fewest-switches search did not use the model's symmetry hook: every state was explored and counted.`);
  }
  if (symmetryDropped) {
    warnings.push(
      `Temporal properties were checked, so the search recorded the whole state graph without the model's symmetry hook (liveness on its classes is not exact): every state was explored and counted. To check the invariants with the hook, name them alone (--invariant NAME).`,
    );
  }
  const durationMs = Math.round(performance.now() - start);
  const base = {
    model: model.name,
    params,
    checked: [...searchPlan.invariants, ...searchPlan.actionInvariants].map(([n]) => n).concat(runLiveness ? searchPlan.properties : []),
    version: VERSION,
    ...stats(outcome, durationMs),
    search: {
      // Levels smaller than workerThreshold stay on the calling thread: report the threads that really ran.
      strategy: dfs ? ('dfs' as const) : threads > 0 ? ('parallel-bfs' as const) : ('bfs' as const),
      workers: Math.max(1, threads),
      symmetry: reduced,
      ...(switches !== undefined ? { fewestSwitches: switches.stats } : {}),
    },
    ...(liveness ? { liveness: { ...liveness.stats, fairness: liveness.fairness } } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  if (failure || livenessError) {
    const error = livenessError ?? (failure as NonNullable<typeof failure>).error;
    let trace: readonly TraceStep[] = failure?.trace ?? [];
    if (failure?.at && failure.trace === undefined) {
      try {
        trace = rebuildTrace(engine, outcome.store, failure.at);
      } catch (replayed) {
        // Not deterministic either: the error stands, without a trace.
        if (!(replayed instanceof InterleaveError)) throw replayed;
      }
    }
    return { ...base, verdict: 'error', error: error.toInfo(), trace, violations };
  }
  const complete = stopped === undefined && (violations.length === 0 || resolved.continue);
  if (complete && resolved.reachability) {
    for (const [name, hit] of outcome.reachable) if (!hit) violations.push({ kind: 'unreachable', name, trace: [] });
  }
  if (violations.length > 0) {
    const verdict = violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock';
    return { ...base, verdict, violations, ...(stopped ? { incomplete: stopped } : {}) };
  }
  if (stopped) return { ...base, verdict: 'incomplete', reason: stopped, violations: [] };
  return { ...base, verdict: 'ok', violations: [] };
}
