import type { StepEngine, Successor } from '../../engine/step-engine';
import type { ActionCounts, BlockResult, FoundViolation, RunConfig, SimulatedKind } from './types';
import { InterleaveError } from '../../errors/interleave-error';
import { FingerprintCounts } from './fingerprint-counts';
import { makeChooser } from './chooser';
import { deriveSeed, Prng } from './prng';

/** Runs per block: the unit of work handed to a thread, and the span of a strategy's memory. */
export const BLOCK_RUNS = 32;

export interface BlockTask {
  readonly config: RunConfig;
  readonly block: number;
  readonly depth: number;
  /** Keep walking after a violation, for the other properties. */
  readonly continue: boolean;
  /** How many properties (invariants, action invariants, deadlock) are checked: with all found, stop. */
  readonly properties: number;
  /** Date.now() after which no new run starts and a run in progress stops. */
  readonly deadline: number;
  /** Date.now() when the simulation started. */
  readonly startedAt: number;
}

/** The key of a property in a block's and a campaign's bookkeeping. */
export function propertyKey(kind: SimulatedKind, name: string): string {
  return kind === 'deadlock' ? 'deadlock' : `${kind}:${name}`;
}

/**
 * Runs the runs of one block, in order, each a random walk from a random initial state chosen by the
 * configuration's strategy, with every invariant, action invariant and deadlock checked at every step. Walks
 * through the engine only. Without `continue` the block stops at its first violation; with it, a run goes on
 * past violations (a deadlock ends it) and each property is reported once, at its first sighting.
 */
export function runBlock(engine: StepEngine, task: BlockTask): BlockResult {
  const { config, depth } = task;
  const chooser = makeChooser(config, depth);
  const actions: Record<string, ActionCounts> = {};
  const fingerprints = new FingerprintCounts();
  const reached: Record<string, number> = {};
  const violations: FoundViolation[] = [];
  // Each block knows only its own finds, so that its result does not depend on which blocks ran first.
  const known = new Set<string>();
  const first = task.block * BLOCK_RUNS;
  const last = Math.min(config.runs, first + BLOCK_RUNS);
  let runs = 0;
  let steps = 0;
  let maxDepth = 0;
  let timedOut = false;
  let run = first;
  let pathInit = 0;
  let pathActions: number[] = [];
  const found = (kind: SimulatedKind, name: string): boolean => {
    const key = propertyKey(kind, name);
    if (known.has(key)) return false;
    known.add(key);
    violations.push({
      kind,
      name,
      config: config.index,
      run,
      runSeed: deriveSeed(config.seed, run),
      runsUntil: first + runs + 1,
      stepsUntil: steps,
      elapsedMs: Date.now() - task.startedAt,
      path: { init: pathInit, actions: [...pathActions] },
    });
    return true;
  };
  const count = (type: string): ActionCounts => (actions[type] ??= { enabled: 0, taken: 0 });
  try {
    const inits = engine.initialStates();
    for (; run < last; run++) {
      if (Date.now() > task.deadline) {
        timedOut = true;
        break;
      }
      const prng = new Prng(deriveSeed(config.seed, run));
      chooser.start(prng);
      pathInit = prng.int(inits.length);
      pathActions = [];
      const init = inits[pathInit] as (typeof inits)[number];
      let state = init.state;
      fingerprints.add(init.fingerprint);
      let stop = false;
      for (const name of engine.violatedInvariants(state)) if (found('invariant', name) && !task.continue) stop = true;
      for (const name of engine.reached(state)) reached[name] ??= run;
      let taken = 0;
      while (!stop && taken < depth && engine.inside(state)) {
        if ((steps & 1023) === 1023 && Date.now() > task.deadline) {
          timedOut = true;
          break;
        }
        const successors = engine.successors(state) as Successor[];
        const enabledTypes = new Set<string>();
        for (const s of successors) enabledTypes.add(s.action.type);
        for (const t of enabledTypes) count(t).enabled++;
        if (successors.length === 0) {
          if (engine.isDeadlock(state, 0) && found('deadlock', 'deadlock') && !task.continue) stop = true;
          break;
        }
        const next = chooser.pick(successors, taken + 1, prng);
        count(next.action.type).taken++;
        pathActions.push(next.index);
        taken++;
        steps++;
        for (const name of engine.violatedActionInvariants(state, next.action, next.state)) if (found('action-invariant', name) && !task.continue) stop = true;
        state = next.state;
        fingerprints.add(next.fingerprint);
        for (const name of engine.violatedInvariants(state)) if (found('invariant', name) && !task.continue) stop = true;
        for (const name of engine.reached(state)) reached[name] ??= run;
      }
      chooser.end(taken);
      maxDepth = Math.max(maxDepth, taken);
      runs++;
      if (timedOut) break;
      if ((violations.length > 0 && !task.continue) || known.size >= task.properties) break;
    }
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    return {
      config: config.index,
      block: task.block,
      runs: runs + 1,
      steps,
      maxDepth,
      actions,
      fingerprints: fingerprints.encode(),
      reached,
      violations,
      timedOut,
      error: { ...error.toInfo(), run, at: { init: pathInit, actions: pathActions } },
    };
  }
  return { config: config.index, block: task.block, runs, steps, maxDepth, actions, fingerprints: fingerprints.encode(), reached, violations, timedOut };
}
