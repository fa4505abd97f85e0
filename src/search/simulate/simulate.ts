import type { AnyModel } from '../../model/types';
import type { BlockResult, FoundViolation, RunConfig, SimulatedViolation, SimulateOptions, SimulateResult, ActionCounts } from './types';
import type { BlockRunner } from './block-runners';
import { StepEngine } from '../../engine/step-engine';
import { replay } from '../../engine/replay';
import { validateModel } from '../../model/validate-model';
import { resolveParams } from '../../model/resolve-params';
import { compiledSources } from '../../load/load-module';
import { InterleaveError, type ErrorInfo } from '../../errors/interleave-error';
import { VERSION } from '../../version';
import { BLOCK_RUNS, propertyKey } from './run-block';
import { campaignConfigs } from './configs';
import { FingerprintCounts } from './fingerprint-counts';
import { addActionCounts, coverageReport } from './coverage-report';
import { inThreadRunner, workerRunner } from './block-runners';
import { selectChecks } from '../select-checks';
import { shrinkPath } from './shrink';
import { switchesOf, traceActors } from '../switches/switches-of';

/** A configuration's progress: blocks handed out, blocks applied in order, what they found. */
interface ConfigState {
  readonly config: RunConfig;
  readonly blocks: number;
  dispatched: number;
  applied: number;
  stopped: boolean;
  runs: number;
  steps: number;
  readonly found: Set<string>;
  readonly waiting: Map<number, BlockResult>;
}

/**
 * Simulates a model: random walks from random initial states, by the strategy of each configuration of the
 * campaign (one, or a swarm's), checking every invariant, action invariant and deadlock at every step through
 * the step engine. Runs are handed out in blocks of 32 and applied in order, so that the report depends on the
 * seed only, not on `workers` (except where the time limit cuts a campaign short). Found counterexamples are
 * shrunk and replayed through the engine. A run proves nothing: `ok` says only that no violation was found.
 */
export async function simulate(input: AnyModel, options: SimulateOptions & { reproduce?: (v: FoundViolation) => string }): Promise<SimulateResult> {
  const model = validateModel(input);
  const params = resolveParams(model, options.params ?? {});
  const { checks, temporal } = selectChecks(model, options.invariants, options.deadlock, true);
  const engine = new StepEngine(model, params, checks);
  // Shrinking compares states, not their symmetry classes: a shortcut must lead to the very state.
  const exact = new StepEngine(model, params, { ...checks, symmetry: false });
  const configs = campaignConfigs(options);
  const propertyCount = checks.invariants.length + checks.actionInvariants.length + (checks.deadlock ? 1 : 0);
  const startedAt = Date.now();
  const deadline = options.timeLimit !== undefined ? startedAt + options.timeLimit * 1000 : Number.MAX_SAFE_INTEGER;
  const states: ConfigState[] = configs.map((config) => ({
    config,
    blocks: Math.ceil(config.runs / BLOCK_RUNS),
    dispatched: 0,
    applied: 0,
    stopped: false,
    runs: 0,
    steps: 0,
    found: new Set(),
    waiting: new Map(),
  }));
  const fingerprints = new FingerprintCounts();
  const actions: Record<string, ActionCounts> = {};
  const reached: Record<string, boolean> = Object.fromEntries(checks.reachable.map((n) => [n, false]));
  const found: FoundViolation[] = [];
  let maxDepth = 0;
  let timedOut = false;
  let error: (ErrorInfo & { run: number }) | undefined;
  let lastProgress = startedAt;
  const totals = (): { runs: number; steps: number } => states.reduce((t, s) => ({ runs: t.runs + s.runs, steps: t.steps + s.steps }), { runs: 0, steps: 0 });

  const apply = (s: ConfigState, r: BlockResult): void => {
    for (const v of r.violations) {
      const key = propertyKey(v.kind, v.name);
      if (s.found.has(key)) continue;
      s.found.add(key);
      found.push({ ...v, stepsUntil: v.stepsUntil + s.steps });
    }
    s.runs += r.runs;
    s.steps += r.steps;
    maxDepth = Math.max(maxDepth, r.maxDepth);
    addActionCounts(actions, r.actions);
    fingerprints.addAll(FingerprintCounts.decode(r.fingerprints));
    for (const name of Object.keys(r.reached)) reached[name] = true;
    if (r.error) error ??= r.error;
    if (r.timedOut) timedOut = true;
    if (r.error || r.timedOut || (options.continue ? s.found.size >= propertyCount : s.found.size > 0)) s.stopped = true;
  };
  const nextTask = (): { s: ConfigState; block: number } | undefined => {
    if (error !== undefined || Date.now() > deadline) return undefined;
    for (const s of states) {
      if (!s.stopped && s.dispatched < s.blocks) return { s, block: s.dispatched++ };
    }
    return undefined;
  };
  const progress = (): void => {
    const now = Date.now();
    if (options.onProgress === undefined || now - lastProgress < 1000) return;
    lastProgress = now;
    options.onProgress({ ...totals(), distinctStates: fingerprints.size, maxDepth, violations: found.length, elapsedMs: now - startedAt });
  };

  const workers = Math.max(1, Math.min(options.workers, states.reduce((n, s) => n + s.blocks, 0)));
  const runners: BlockRunner[] = [];
  if (workers === 1 || options.file === undefined) runners.push(inThreadRunner(engine));
  else for (let i = 0; i < workers; i++) runners.push(workerRunner({ file: options.file, sources: compiledSources(), params, checks }));
  try {
    await Promise.all(
      runners.map(async (runner) => {
        for (let task = nextTask(); task !== undefined; task = nextTask()) {
          const { s, block } = task;
          const result = await runner.run({ config: s.config, block, depth: options.depth, continue: options.continue, properties: propertyCount, deadline, startedAt });
          s.waiting.set(block, result);
          // Apply in block order; blocks past the one that stopped the configuration are dropped.
          for (let r = s.waiting.get(s.applied); r !== undefined && !s.stopped; r = s.waiting.get(s.applied)) {
            s.waiting.delete(s.applied++);
            apply(s, r);
          }
          progress();
        }
      }),
    );
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }

  const violations: SimulatedViolation[] = [];
  let shrinkError: InterleaveError | undefined;
  for (const v of found) {
    let path = v.path;
    const rawLength = v.path.actions.length + 1;
    try {
      if (options.shrink) path = shrinkPath(exact, v, v.path);
      const trace = replay(exact, path);
      violations.push({ ...v, path, trace, rawPath: v.path, rawLength, shrunk: options.shrink, switches: switchesOf(traceActors(exact, trace)), reproduce: options.reproduce?.(v) ?? '' });
    } catch (e) {
      if (!(e instanceof InterleaveError)) throw e;
      shrinkError ??= e;
    }
  }
  violations.sort((a, b) => a.trace.length - b.trace.length || a.config - b.config || a.run - b.run);
  const { runs, steps } = totals();
  const anyError = error ?? shrinkError?.toInfo();
  const verdict = anyError !== undefined ? 'error' : violations.length === 0 ? 'ok' : violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock';
  return {
    model: model.name,
    params,
    version: VERSION,
    verdict,
    seed: options.seed,
    strategy: options.strategy,
    pctDepth: options.pctDepth,
    depth: options.depth,
    configs,
    ...(options.swarm !== undefined ? { swarm: options.swarm } : {}),
    ...(options.shard !== undefined ? { shard: options.shard } : {}),
    checked: [...checks.invariants, ...checks.actionInvariants, ...(checks.deadlock ? ['deadlock'] : [])],
    notChecked: temporal,
    runs,
    steps,
    durationMs: Date.now() - startedAt,
    stopped: timedOut ? 'time-limit' : found.length > 0 ? 'violation' : 'runs',
    coverage: coverageReport(fingerprints, actions, maxDepth),
    reachable: reached,
    violations,
    ...(anyError !== undefined ? { error: anyError } : {}),
    ...(options.swarm !== undefined ? { fingerprints: fingerprints.toBase64() } : {}),
  };
}
