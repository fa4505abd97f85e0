import type { MessagePort } from 'node:worker_threads';
import type { Params } from '../../model/types';
import type { RawFailure } from '../bfs';

/**
 * Messages between the search's coordinator and its expanders (worker threads, or the calling thread for small
 * levels). Positions are local to the expander's chunk of the level: `s` indexes its states, `j` its successor
 * records (successors that `next` produced, in order), and `sub` orders the steps the sequential search takes on
 * one successor, so that (s, j, sub) sorts events as the sequential search would meet them.
 */
export const SUB = {
  /** actions() or next() threw, or the time limit passed, before successor j. */
  before: 0,
  /** The successor's value is not a plain value (it was generated, but has no record). */
  value: 1,
  actionInvariant: 2,
  constraint: 3,
  /** Where the successor is stored; never an event, used to compare with cuts. */
  insert: 4,
  invariant: 5,
  reachable: 6,
  /** After the checks of a stored successor: where the search stops once the state bound is reached. */
  afterChecks: 6.5,
  /** After every successor of state s: deadlock and terminal(). */
  deadlock: 7,
} as const;

export interface Position {
  readonly s: number;
  readonly j: number;
  readonly sub: number;
}

/** An error as it crosses threads: Error objects lose their class, so keep what the report prints. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WireEvent = Position &
  (
    | { readonly kind: 'invariant' | 'action-invariant'; readonly name: string; readonly a: number }
    | { readonly kind: 'deadlock' }
    | { readonly kind: 'reached'; readonly name: string }
    | { readonly kind: 'timeout' }
    | {
        readonly kind: 'failure';
        readonly phase: RawFailure['phase'];
        readonly name?: string;
        /** Action index, when an action was involved. */
        readonly a: number;
        /** The action type's index (a value failure has no record to carry it). */
        readonly type: number;
        readonly error: WireError;
      }
  );

/** What an expander checks, by name (the functions are looked up in the model it loads). */
export interface ExpanderPlan {
  readonly invariants: readonly string[];
  readonly actionInvariants: readonly string[];
  readonly reachable: readonly string[];
  readonly deadlock: boolean;
  readonly stopAtFirst: boolean;
  /** Date.now() after which expansion stops (Infinity: none). */
  readonly deadline: number;
}

/** Where an expander's next chunk of states comes from. */
export type ChunkSource =
  | { readonly kind: 'init'; readonly indices: readonly number[] }
  | { readonly kind: 'states'; readonly states: readonly unknown[] }
  | {
      readonly kind: 'fresh';
      /** Slices of this expander's new states that go to other expanders: [to, start, count]. */
      readonly sends: readonly (readonly [number, number, number])[];
      /** The pieces of the chunk in order: [from, start, count]; `from` = self for its own new states. */
      readonly pieces: readonly (readonly [number, number, number])[];
    };

export type ToExpander =
  /** Starts a search: load the model from `file` (worker threads only). */
  | { readonly type: 'setup'; readonly file: string; readonly params: Params; readonly plan: ExpanderPlan }
  | {
      readonly type: 'expand';
      readonly source: ChunkSource;
      /** Properties no longer checked (violated, or reached) and whether a deadlock was already reported. */
      readonly inactive: readonly string[];
      readonly deadlockFound: boolean;
    }
  /** Which of the last expansion's records were new (1) in the store; those get checked and kept. */
  | { readonly type: 'flags'; readonly flags: Uint8Array }
  | { readonly type: 'stop' };

export interface Expanded {
  readonly type: 'expanded';
  /** Successor records per state of the chunk (0 for states after a stop). */
  readonly counts: Int32Array;
  readonly records: number;
  /** Two fingerprint lanes per record. */
  readonly fps: Int32Array;
  /** Index of the action in actions(state). */
  readonly actions: Int32Array;
  /** Index of the action type in the expander's type table. */
  readonly types: Uint16Array;
  /** 1 when the successor is inside the constraint (so it is to be stored). */
  readonly inside: Uint8Array;
  /** Action types first seen in this expansion, appended to the expander's type table. */
  readonly newTypes: readonly string[];
  readonly events: readonly WireEvent[];
}

export interface Checked {
  readonly type: 'checked';
  readonly events: readonly WireEvent[];
}

export interface ExpanderFailed {
  readonly type: 'failed';
  /** An InterleaveError's info (e.g. the model file failed to load), or an internal error's stack. */
  readonly error: { readonly code?: string; readonly message: string; readonly hint?: string; readonly file?: string };
}

export type FromExpander = Expanded | Checked | ExpanderFailed;

/** What a worker thread is started with; it serves one search after another, each begun by `setup`. */
export interface WorkerSetup {
  readonly index: number;
  readonly count: number;
  /** Int32Array over it: one message counter per party (workers, then the coordinator), then one "gone" flag per worker. */
  readonly signals: SharedArrayBuffer;
  readonly port: MessagePort;
  /** Ports to the other workers, by worker index (null at its own index). */
  readonly peers: readonly (MessagePort | null)[];
}

export function comparePositions(a: Position, b: Position): number {
  return a.s - b.s || a.j - b.j || a.sub - b.sub;
}
