/** What a search is asked to check, and what it leaves for `check` to report. */
import type { Action, Params, StatePredicate, ActionPredicate } from '../model/types';
import type { IncompleteReason, TraceStep, ViolationKind } from './result';
import type { VisitedStates } from '../state/visited-states';
import type { StateRef } from '../trace/state-ref';
import type { InterleaveError } from '../errors/interleave-error';
import type { RecordPlan } from '../liveness/graph-recorder';
import type { StateGraph } from '../liveness/state-graph';
import type { ReplayPath } from '../engine/replay';

/** A violation as the search records it: which property, and a reference to the state (or step) that broke it. */
export interface RawViolation {
  readonly kind: ViolationKind;
  readonly name: string;
  readonly at: StateRef;
}

/** Where the model failed: the phase, the state being worked on and the action involved. */
export interface RawFailure {
  readonly phase: 'init' | 'init-empty' | 'actions' | 'next' | 'invariant' | 'action-invariant' | 'constraint' | 'terminal' | 'reachable' | 'value' | 'symmetry' | 'mutation' | 'nondeterministic' | 'property' | 'fairness';
  /** The invariant (or other named function) that threw. */
  readonly name?: string;
  /** The state being expanded or checked; undefined when `init` failed. */
  readonly at?: StateRef;
  readonly action?: Action;
  readonly error: unknown;
}

/** A failure of the model as a search reports it: the coded error, and the state being worked on (if any). */
export interface SearchFailure {
  readonly at?: StateRef;
  /** The trace to the failure, when it is known without replaying to `at` (the replay itself failed). */
  readonly trace?: readonly TraceStep[];
  readonly error: InterleaveError;
}

export interface SearchOutcome {
  readonly store: VisitedStates;
  readonly violations: RawViolation[];
  readonly failure?: SearchFailure;
  readonly stopped?: IncompleteReason;
  readonly generatedStates: number;
  readonly statesPerDepth: number[];
  readonly coverage: Map<string, { enabled: number; distinct: number }>;
  /** Per action type, its steps that gave back the state they started from (counted without symmetry only). */
  readonly unchanged?: Map<string, number>;
  readonly reachable: Map<string, boolean>;
  readonly peakMemoryBytes: number;
  /** Frontier bytes written to disk (with a memory budget). */
  readonly spilledBytes: number;
  /** Worker threads that expanded states (0: all on the calling thread). */
  readonly threadsUsed?: number;
  /** With `SearchPlan.record`: the state graph recorded while expanding (its expanded part, if the search stopped). */
  readonly graph?: StateGraph;
  /** With `SearchPlan.switches`: what the search kept of actor switches (see `SwitchesOutcome`). */
  readonly switches?: SwitchesOutcome;
}

/**
 * The counterexamples with the fewest actor switches that a search with `SearchPlan.switches` found, keyed as
 * `targetKey` does (`invariant:NAME`, `action-invariant:NAME`, `deadlock`); `recorded` is false when the model
 * has more actors than the search tells apart (then `check` finds them with a second search).
 */
export interface SwitchesOutcome {
  readonly recorded: boolean;
  readonly paths: ReadonlyMap<string, { readonly path: ReplayPath; readonly switches: number; readonly exact: boolean }>;
  /** States expanded, and skipped, after the first counterexample of a search that stops there (finishing its level). */
  readonly expandedAfter: number;
  readonly skippedAfter: number;
}

/** What to check, decided by `check` from the model and the options. */
export interface SearchPlan {
  readonly invariants: ReadonlyArray<readonly [string, StatePredicate<unknown, Params>]>;
  readonly actionInvariants: ReadonlyArray<readonly [string, ActionPredicate<unknown, Action, Params>]>;
  readonly reachable: ReadonlyArray<readonly [string, StatePredicate<unknown, Params>]>;
  readonly deadlock: boolean;
  /** Record the state graph for temporal properties (the search then ignores the model's symmetry hook). */
  readonly record?: RecordPlan;
  /** Find, for each counterexample, a shortest one with the fewest actor switches (one thread, no symmetry hook). */
  readonly switches?: boolean;
}
