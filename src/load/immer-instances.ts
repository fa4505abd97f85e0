/**
 * immer freezes every object `produce` returns, deeply, unless told not to: for a model checker that is most of
 * what immer costs (TwoPhase RM=7 written with `produce`: 8.4 s with freezing, 6.2 s without, one thread), and it
 * buys nothing, since the checker already catches a model that changes a state it was given (IL304, by hashing
 * one expanded state in 16 again). So the loader notes every copy of immer that a file it loads resolves
 * `'immer'` to, and turns auto-freeze off in each, once the file has loaded: the copy the model uses is its
 * own (its `node_modules`, or interleave's), and only the copies models asked for are touched.
 *
 * A program that imports a model itself and calls `check()` is not changed: its immer is its own to configure
 * (`setAutoFreeze(false)` from 'immer'); see docs/performance.md, "Models as users write them".
 */

/** Absolute file names that a request for 'immer' resolved to, not yet configured. */
const pending = new Set<string>();
const done = new Set<string>();

/** Records that a loaded file's `import ... from 'immer'` resolved to `filename`. */
export function noteImmer(filename: string): void {
  if (!done.has(filename)) pending.add(filename);
}

interface ImmerModule {
  setAutoFreeze?: (value: boolean) => void;
}

/** Turns auto-freeze off in every copy of immer noted since the last call. */
export function unfreezeNotedImmers(): void {
  for (const filename of pending) {
    pending.delete(filename);
    done.add(filename);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const immer = require(filename) as ImmerModule;
    // An immer without setAutoFreeze (older than 1.x) is left as it is: freezing only costs time.
    if (typeof immer.setAutoFreeze === 'function') immer.setAutoFreeze(false);
  }
}
