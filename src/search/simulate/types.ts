import type { Action, Params } from '../../model/types';
import type { TraceStep } from '../../check/result';
import type { ErrorInfo } from '../../errors/interleave-error';
import type { ReplayPath } from '../../engine/replay';

export type Strategy = 'random' | 'pct' | 'coverage';
export const STRATEGIES: readonly Strategy[] = ['random', 'pct', 'coverage'];

/** One configuration of a campaign: a plain simulation has one, a swarm `--swarm N` has N. */
export interface RunConfig {
  /** Its number in the campaign (0 for a plain simulation): its runs' seeds derive from it. */
  readonly index: number;
  readonly strategy: Strategy;
  /** PCT's d: the walk has d - 1 priority change points (Burckhardt et al., ASPLOS 2010). */
  readonly pctDepth: number;
  /** The seed its runs' seeds derive from (run r: `deriveSeed(seed, r)`). */
  readonly seed: number;
  readonly runs: number;
  /** Swarm only: a seed that picks a random half of the action types to be taken four times as often. */
  readonly weightSeed?: number;
}

/** The kinds of violation a simulation can show (never `unreachable`: not seeing a state proves nothing). */
export type SimulatedKind = 'invariant' | 'action-invariant' | 'deadlock';

/** A violation as a run found it: where, and the raw path that shows it. */
export interface FoundViolation {
  readonly kind: SimulatedKind;
  readonly name: string;
  readonly config: number;
  /** The run's number within its configuration, and its seed. */
  readonly run: number;
  readonly runSeed: number;
  /** Runs and steps of its configuration up to and including this find. */
  readonly runsUntil: number;
  readonly stepsUntil: number;
  /** Milliseconds since the simulation started (on the thread that ran it). */
  readonly elapsedMs: number;
  /** The run up to the violation: initial state and action indices. */
  readonly path: ReplayPath;
}

export interface ActionCounts {
  /** States in which the action type was enabled (had a successor), counted per step taken from such a state. */
  enabled: number;
  taken: number;
}

/** What a block of runs (a unit of work for a thread) gives back: plain data, to post between threads. */
export interface BlockResult {
  readonly config: number;
  readonly block: number;
  readonly runs: number;
  readonly steps: number;
  /** Steps of the longest run. */
  readonly maxDepth: number;
  readonly actions: Record<string, ActionCounts>;
  /** Encoded `FingerprintCounts` of every state visited. */
  readonly fingerprints: Uint32Array;
  /** Reachable properties witnessed, with the first run that did. */
  readonly reached: Record<string, number>;
  readonly violations: FoundViolation[];
  /** Stopped at the time limit before its last run. */
  readonly timedOut: boolean;
  readonly error?: ErrorInfo & { readonly run: number; readonly at: ReplayPath };
}

export interface SimulateOptions {
  readonly params?: Params;
  /** Check only these invariants and action invariants. Default: all. */
  readonly invariants?: readonly string[];
  readonly deadlock?: boolean;
  readonly seed: number;
  /** Runs in all (a swarm shares them out between its configurations). */
  readonly runs: number;
  /** Steps per run at most. */
  readonly depth: number;
  readonly timeLimit?: number;
  readonly strategy: Strategy;
  readonly pctDepth: number;
  readonly workers: number;
  readonly shrink: boolean;
  /** Go on after a violation to find the other properties' too (each property reported once). */
  readonly continue: boolean;
  readonly swarm?: number;
  /** Run only shard `index` (1-based) of `count` of the swarm's configurations. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Only this configuration of the swarm (to replay one). */
  readonly only?: number;
  /** The model file, for worker threads. */
  readonly file?: string;
  readonly onProgress?: (p: SimulateProgress) => void;
}

export interface SimulateProgress {
  readonly runs: number;
  readonly steps: number;
  readonly distinctStates: number;
  readonly maxDepth: number;
  readonly violations: number;
  readonly elapsedMs: number;
}

export interface SimulatedViolation<S = unknown, A extends Action = Action> extends FoundViolation {
  /** The shrunk trace (the raw one with `--no-shrink`), replayed through the engine. */
  readonly trace: readonly TraceStep<S, A>[];
  readonly rawLength: number;
  readonly shrunk: boolean;
  /** The path as the run found it (before shrinking). */
  readonly rawPath: ReplayPath;
  /** Actor switches between consecutive steps of `trace`. */
  readonly switches: number;
  /** The command line that replays this run. */
  readonly reproduce: string;
}

export interface CoverageReport {
  readonly actions: Record<string, ActionCounts>;
  readonly distinctStates: number;
  /** Chao1 from the visit counts (see `chao1`), or null when no estimate is honest (nothing seen twice). */
  readonly estimate: { readonly estimator: 'chao1'; readonly total: number; readonly f1: number; readonly f2: number } | null;
  readonly maxDepth: number;
}

/** What `simulate` returns and `interleave simulate --json` prints. */
export interface SimulateResult<S = unknown, A extends Action = Action> {
  readonly model: string;
  readonly params: Params;
  readonly version: string;
  readonly verdict: 'ok' | 'violation' | 'deadlock' | 'error';
  readonly seed: number;
  readonly strategy: Strategy;
  readonly pctDepth: number;
  readonly depth: number;
  readonly configs: readonly RunConfig[];
  readonly swarm?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly checked: readonly string[];
  /** Temporal properties, which a simulation does not check. */
  readonly notChecked: readonly string[];
  readonly runs: number;
  readonly steps: number;
  readonly durationMs: number;
  readonly stopped: 'runs' | 'time-limit' | 'violation';
  readonly coverage: CoverageReport;
  /** Reachable properties: witnessed or not (not witnessed is no evidence of anything). */
  readonly reachable: Record<string, boolean>;
  readonly violations: readonly SimulatedViolation<S, A>[];
  readonly error?: ErrorInfo;
  /** The fingerprints visited with their counts (base64 of sorted triples), kept for `merge`. */
  readonly fingerprints?: string;
}
