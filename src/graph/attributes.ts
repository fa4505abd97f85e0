import type { MultiDirectedGraph } from 'graphology';
import type { Action, Params } from '../model/types';
import type { ViolationKind } from '../check/result';
import type { Change } from '../trace/diff';

/** A state: the node key is its fingerprint. */
export interface StateNode {
  /** Length of the shortest known path to it, in states (initial states are depth 1, as in TLC). */
  readonly depth: number;
  readonly state: unknown;
  /** Paths that changed on the way into this state (at its first occurrence in a trace; empty in a state space). */
  readonly changed: readonly string[];
  /** Invariants false in this state. */
  readonly failing: readonly string[];
  readonly initial: boolean;
  /** Where a violation shows: the end of a counterexample, or any state failing an invariant. */
  readonly violating: boolean;
  /** No successor, deadlock checking on, and not a terminal state. */
  readonly deadlock: boolean;
  /** Trace step indices at which the state occurs (two for the state that closes a lasso; empty in a state space). */
  readonly steps: readonly number[];
}

/** A step from one state to another. */
export interface StepEdge {
  /** The action as a label, e.g. `write(value=1)`. */
  readonly label: string;
  readonly action: Action;
  /** `null` when neither the action nor the model names one. */
  readonly actor: string | null;
  /** Position in the trace (1 for the first action); absent in a state space. */
  readonly step?: number;
  /** What the step changed. */
  readonly changes: readonly Change[];
  /** Action invariants this step breaks. */
  readonly failing: readonly string[];
  /** Part of a lasso's loop. */
  readonly loop: boolean;
  /** The step that returns to the loop's first state. */
  readonly closesLoop: boolean;
  /** On a shortest path from an initial state to a violating one. */
  readonly counterexample: boolean;
}

export interface GraphInfo {
  readonly kind: 'trace' | 'state-space';
  readonly model: string;
  readonly params: Params;
  /** The property a trace breaks. */
  readonly violation?: { readonly kind: ViolationKind; readonly name: string };
  readonly loopStart?: number;
}

/**
 * The graphs interleave builds. Multi-edged: a state space can hold two actions between the same pair of
 * states, and a lasso's loop can take a transition that its prefix took already.
 */
export type InterleaveGraph = MultiDirectedGraph<StateNode, StepEdge, GraphInfo>;
