import type { FingerprintStoreBuffers } from '../state/fingerprint-store';

/** What the search thread is doing, as another thread sees it (word `PHASE` of the watch). */
export const WatchPhase = {
  /** Between model calls, or in a part of the search the watch does not follow (worker threads, liveness). */
  idle: 0,
  /** In `next(state, action)`: words `STATE` and `ACTION` say which. */
  next: 1,
  /** Expanding the stored state in word `STATE`: `actions`, invariants, the constraint or symmetry hook. */
  expanding: 2,
  /** Loading the model file. */
  loading: 3,
  /** In `init` or checking the initial states. */
  init: 4,
} as const;

// Words of the shared view.
const PHASE = 0;
const STATE = 1;
const ACTION = 2;
const INTERRUPTED = 3;

/**
 * A window on a search that runs on another thread, in shared memory, for the thread that watches it (the
 * CLI's main thread): which model call is running, so that one that never returns can be named after the
 * search thread is stopped, and a flag that asks the search to stop as interrupted. Writing the words costs a
 * few stores per successor; a search without a watch pays nothing.
 */
export class SearchWatch {
  readonly view: Int32Array;
  /** Called on the search thread with the store's buffers when they are made or replaced (for traces). */
  onStore: ((buffers: FingerprintStoreBuffers) => void) | undefined;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.view = new Int32Array(buffer);
  }

  /** The search thread is in a phase without a state (`loading`, `init`, `idle`). */
  phase(p: number): void {
    this.view[PHASE] = p;
  }

  /** The search thread expands stored state `id`. */
  expanding(id: number): void {
    this.view[STATE] = id;
    this.view[PHASE] = WatchPhase.expanding;
  }

  /** The search thread calls `next` with the action at index `a` of the expanded state's actions. */
  callingNext(a: number): void {
    this.view[ACTION] = a;
    this.view[PHASE] = WatchPhase.next;
  }

  /** `next` returned (or threw). */
  returned(): void {
    this.view[PHASE] = WatchPhase.expanding;
  }

  storeChanged(buffers: FingerprintStoreBuffers): void {
    this.onStore?.(buffers);
  }

  /** What the search thread was doing when last seen. */
  read(): { phase: number; state: number; action: number } {
    return { phase: Atomics.load(this.view, PHASE), state: Atomics.load(this.view, STATE), action: Atomics.load(this.view, ACTION) };
  }

  /** Asks the search to stop, reporting what it found so far as interrupted (seen about once a second). */
  interrupt(): void {
    Atomics.store(this.view, INTERRUPTED, 1);
  }

  get interrupted(): boolean {
    return Atomics.load(this.view, INTERRUPTED) !== 0;
  }
}
