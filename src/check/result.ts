import type { Action, Params } from '../model/types';
import type { ErrorInfo } from '../errors/interleave-error';

/** One step of a trace: the first is an initial state (`action: null`), each later one the action taken and the state it led to. */
export interface TraceStep<S = unknown, A extends Action = Action> {
  readonly action: A | null;
  readonly state: S;
}

export type ViolationKind = 'invariant' | 'action-invariant' | 'deadlock' | 'unreachable' | 'liveness';

/** A broken property with the shortest trace that breaks it (depth-first: a trace that breaks it) (empty for `unreachable`: no state ever satisfied it). */
export interface Violation<S = unknown, A extends Action = Action> {
  readonly kind: ViolationKind;
  readonly name: string;
  readonly trace: readonly TraceStep<S, A>[];
  /** For `liveness`: the trace is a lasso whose last state equals `trace[loopStart].state`; the loop runs from there. */
  readonly loopStart?: number;
  /**
   * With `fewestSwitches`: the changes of actor between consecutive steps of `trace` (the fewest among the
   * shortest counterexamples, unless `search.fewestSwitches.exact` is false), and of the first counterexample
   * the search met.
   */
  readonly switches?: { readonly fewest: number; readonly firstFound: number };
}

/** With `fewestSwitches`: how the counterexamples with the fewest switches were found. */
export interface FewestSwitchesStats {
  /**
   * `search`: by the search itself, which kept switch counts per state; `second-search`: by a search after it
   * (the model has more than 32 actors, more than the search's per-state masks hold).
   */
  readonly method: 'search' | 'second-search';
  /** False when the search stopped (a bound, an interrupt) before it finished a counterexample's level. */
  readonly exact: boolean;
  /**
   * With `search`, stopping at the first counterexample: states expanded, and skipped, to finish its level; with
   * `second-search`: the states that search expanded.
   */
  readonly expandedAfterFirst: number;
  readonly skippedAfterFirst: number;
}

/** How often each action type was enabled (yielded a successor) and how many new states it found. */
export interface ActionCoverage {
  readonly enabled: number;
  readonly distinct: number;
}

/**
 * Why a run stopped before exploring every reachable state: a bound, or `interrupted` (SIGINT or SIGTERM to the
 * CLI, or `SearchWatch.interrupt`).
 */
export type IncompleteReason = 'max-states' | 'max-depth' | 'time-limit' | 'interrupted';

/**
 * Model code that did not return when the run had to end (the CLI's watchdog stopped the thread running it):
 * where it was, the trace to the state being expanded and, for `next`, the action.
 */
export interface NotReturned<S = unknown, A extends Action = Action> {
  readonly call: 'next' | 'expanding' | 'init' | 'loading' | 'unknown';
  /** For `next`: the action whose successor was being computed. */
  readonly action?: A;
  /** The trace to the state being expanded (empty when unknown). */
  readonly trace: readonly TraceStep<S, A>[];
}

/** What the liveness pass (temporal properties) explored and what it cost. */
export interface LivenessStats {
  /** Distinct states stored (inside the constraint). */
  readonly states: number;
  /** State-changing transitions stored, after merging steps with the same source and target. */
  readonly edges: number;
  readonly generatedStates: number;
  readonly depth: number;
  /** Bytes per stored edge and per state, and bytes held by the whole graph. */
  readonly bytesPerEdge: number;
  readonly bytesPerState: number;
  readonly graphBytes: number;
  /** Peak bytes of the per-property analysis arrays (product of graph and monitor). */
  readonly analysisBytes: number;
  /** The search that recorded the graph (the safety search, in `check`), and the analysis after it. */
  readonly exploreMs: number;
  readonly analyseMs: number;
  readonly durationMs: number;
}

/** Counts and measurements common to every result. Counts follow TLC's meanings. */
export interface CheckStats {
  /** Distinct states stored (found and inside the constraint). */
  readonly distinctStates: number;
  /** Initial states plus every successor computed, duplicates included. */
  readonly generatedStates: number;
  /**
   * States on the longest shortest path; initial states are depth 1. Depth-first (`search.strategy` `dfs`): states
   * on the longest path explored, which need not be a shortest one.
   */
  readonly depth: number;
  /** New distinct states per depth level, index 0 being the initial states (depth-first: per length of the path they were found on). */
  readonly statesPerDepth: readonly number[];
  readonly coverage: Readonly<Record<string, ActionCoverage>>;
  readonly durationMs: number;
  readonly statesPerSecond: number;
  readonly peakMemoryBytes: number;
  /** Bytes held by the visited-state store (fingerprints, parents, action indices); the frontier is extra. */
  readonly storeBytes: number;
  /** Bytes of frontier written to disk under a memory budget (`memoryMb`); 0 when everything fit. */
  readonly spilledBytes: number;
  /** TLC's optimistic estimate that a 64-bit fingerprint collision hid a state: n * (generated - n) / 2^64. */
  readonly collisionProbability: number;
  /** Reachability properties and whether some explored state satisfied them. */
  readonly reachable: Readonly<Record<string, boolean>>;
  /**
   * How the state space was searched: breadth-first on one thread or level-synchronous worker threads (`workers`
   * counts the threads that expanded states: 1 when every level was small enough to stay on the calling thread),
   * or depth-first (`dfs`, one thread: counterexamples are not shortest ones), and whether
   * states were identified up to the model's symmetry (then `distinctStates` counts equivalence classes).
   */
  readonly search: { readonly strategy: 'bfs' | 'parallel-bfs' | 'dfs'; readonly workers: number; readonly symmetry: boolean; readonly fewestSwitches?: FewestSwitchesStats };
  /** Set when temporal properties were checked: the state graph's size and cost, and the fairness assumed. */
  readonly liveness?: LivenessStats & { readonly fairness: readonly string[] };
  /**
   * Things worth a look that do not change the verdict, each once per run: an action type whose steps give back
   * the state they started from in most states where it is enabled (a `return s` meant as `undefined`, which
   * hides deadlocks; silence it with the model's `unchangedOk`), temporal properties checked without symmetry.
   */
  readonly warnings?: readonly string[];
}

interface ResultBase extends CheckStats {
  readonly model: string;
  readonly params: Params;
  /** Properties that were checked (invariant and action-invariant names). */
  readonly checked: readonly string[];
  readonly version: string;
}

export interface OkResult extends ResultBase {
  readonly verdict: 'ok';
  readonly violations: readonly [];
}

export interface ViolationResult<S = unknown, A extends Action = Action> extends ResultBase {
  readonly verdict: 'violation' | 'deadlock';
  readonly violations: readonly Violation<S, A>[];
  /** Set when the run also stopped at a bound (`--continue` with a bound). */
  readonly incomplete?: IncompleteReason;
}

export interface IncompleteResult<S = unknown, A extends Action = Action> extends ResultBase {
  readonly verdict: 'incomplete';
  readonly reason: IncompleteReason;
  readonly violations: readonly [];
  /**
   * Set when model code never returned and the run was ended from outside (CLI only). Then the counts are those
   * seen last: `distinctStates` exactly, `generatedStates` as of the last progress report, `depth` the level
   * being expanded, and `statesPerDepth` and `coverage` are empty.
   */
  readonly notReturned?: NotReturned<S, A>;
}

export interface ErrorResult<S = unknown, A extends Action = Action> extends ResultBase {
  readonly verdict: 'error';
  readonly error: ErrorInfo;
  /** The trace to the state being explored when the model failed; the failing action is `error.action`. */
  readonly trace: readonly TraceStep<S, A>[];
  readonly violations: readonly Violation<S, A>[];
}

/** What `check` returns and what `interleave check --json` prints. */
export type CheckResult<S = unknown, A extends Action = Action> =
  | OkResult
  | ViolationResult<S, A>
  | IncompleteResult<S, A>
  | ErrorResult<S, A>;

export type Verdict = CheckResult['verdict'];
