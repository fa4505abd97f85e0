import type { MessagePort } from 'node:worker_threads';
import type { Params } from '../../../model/types';
import type { RawFailure } from '../../../check/search-outcome';
import type { FingerprintStoreBuffers } from '../../../state/fingerprint-store';
import type { EngineChecks } from '../../../engine/step-engine';
import type { RecordedChunk, RecordPlan } from '../../../liveness/graph-recorder';

/**
 * Messages between the search's coordinator (the calling thread) and its worker threads. States are named by
 * their ids in the shared store; a step by the id of the state it leaves and the index of its action.
 */

/** An error as it crosses threads: Error objects lose their class, so keep what the report prints. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WireEvent =
  /** A property broken by the state (or step) reached from `parent` by action index `a`. */
  | { readonly kind: 'invariant' | 'action-invariant'; readonly name: string; readonly parent: number; readonly a: number }
  | { readonly kind: 'deadlock'; readonly id: number }
  | { readonly kind: 'reached'; readonly name: string }
  | {
      readonly kind: 'failure';
      readonly phase: RawFailure['phase'];
      readonly name?: string;
      /** The state being expanded. */
      readonly parent: number;
      /** Action index, when an action was involved (else -1). */
      readonly a: number;
      readonly error: WireError;
    };

/** What the expanders check, by name (the functions are looked up in the model each thread loads), and when they stop. */
export interface ExpanderPlan extends EngineChecks {
  readonly stopAtFirst: boolean;
  /** Date.now() after which expansion stops (Infinity: none). */
  readonly deadline: number;
  /** Stop after storing this many states (Infinity: none). */
  readonly maxStates: number;
  /** Set when temporal properties are checked: record the state graph while expanding (see `GraphRecorder`). */
  readonly record?: RecordPlan;
  /**
   * `--fewest-switches` (one thread only): keep the fewest actor switches of each state's shortest paths, and
   * collect every counterexample of the level where a property is first broken (see `SwitchRecorder`).
   */
  readonly switches?: boolean;
}

/** Why an expander returned before the end of its part of a level. */
export type Interruption =
  /** The store must grow (or widen its action indices) before the next add: resume after `adopt`. */
  | 'pause'
  /** Another thread (or this one) raised the stop flag: an event that ends the search, or a bound. */
  | 'stop'
  | 'time-limit'
  | 'max-states';

/** Tallies of an expander since its last report, and where it is. */
export interface LevelReport {
  readonly type: 'level';
  readonly generated: number;
  /** New states stored (and kept for the next level). */
  readonly found: number;
  /** Per action type: [type, successors, new states, steps back to the same state (without symmetry)]. */
  readonly coverage: readonly (readonly [string, number, number, number])[];
  readonly events: readonly WireEvent[];
  /** Unset when the expander finished its part of the level. */
  readonly interrupted?: Interruption;
  /** With a pause: the action index about to be added (the store may have to widen its action indices). */
  readonly pauseAction?: number;
  /** States held for the next level (when finished). */
  readonly held: number;
  /** Frontier bytes written to disk. */
  readonly spilledBytes: number;
  /** With `ExpanderPlan.record`: the part of the state graph recorded since the last report. */
  readonly graph?: RecordedChunk;
}

/**
 * States moved between threads to even out a level: `count` ids and values encoded in `bytes` over a string
 * table of `strings` and record `shapes` (see `moved-states.ts`).
 */
export interface Moved {
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly strings: readonly string[];
  readonly shapes: readonly (readonly string[])[];
}

export type ToWorker =
  /** Starts a search: load the model from `file`. */
  | {
      readonly type: 'setup';
      readonly file: string;
      /** JavaScript of the TypeScript files the calling thread compiled (the model and what it imports), by file. */
      readonly sources: readonly (readonly [string, string])[];
      readonly params: Params;
      readonly plan: ExpanderPlan;
      readonly store: FingerprintStoreBuffers;
      /** Frontier budget of this thread in bytes (Infinity: none), and the folder for what goes beyond. */
      readonly memoryBytes: number;
      readonly spillDir: string | undefined;
      /**
       * Int32Array over it, two words per worker thread. Word i: set by the coordinator when another thread has
       * run out of states; thread i then replies `given` with some of what it has left of the level, and goes on.
       * Word count + i: successors thread i computed since its last report, for progress.
       */
      readonly requests: SharedArrayBuffer;
    }
  | {
      readonly type: 'level';
      /** Properties no longer checked (violated, or reached) and whether a deadlock was already reported. */
      readonly inactive: readonly string[];
      readonly deadlockFound: boolean;
      /** The store's buffers (it may have grown since the last level). */
      readonly store: FingerprintStoreBuffers;
      /** States to expand before the thread's own (moved to it to even out the level). */
      readonly extra?: Moved;
    }
  /** More states of the level being expanded (given by another thread): expand them, then report. */
  | { readonly type: 'more'; readonly extra: Moved }
  /** Go on after a pause, with the store's new buffers. */
  | { readonly type: 'resume'; readonly store: FingerprintStoreBuffers }
  /** The search is over: drop its states and files. */
  | { readonly type: 'end' };

export interface WorkerFailed {
  readonly type: 'failed';
  /** An InterleaveError's info (e.g. the model file failed to load), or an internal error's stack. */
  readonly error: { readonly code?: string; readonly message: string; readonly hint?: string; readonly file?: string };
}

export type FromWorker = LevelReport | ({ readonly type: 'given' } & Moved) | WorkerFailed;

/** What a worker thread is started with; it serves one search after another, each begun by `setup`. */
export interface WorkerSetup {
  readonly index: number;
  readonly count: number;
  /** Int32Array over it: one message counter per party (workers, then the coordinator), then one "gone" flag per worker. */
  readonly signals: SharedArrayBuffer;
  readonly port: MessagePort;
}
