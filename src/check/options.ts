import type { Params } from '../model/types';
import { InterleaveError } from '../errors/interleave-error';
import type { SearchWatch } from './search-watch';

/** A snapshot of a run in progress, handed to `onProgress` about once a second. */
export interface Progress {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
}

/** How `check` walks the state space (see `CheckOptions.strategy`). */
export type SearchStrategy = 'bfs' | 'dfs';

/** Options of `check`. Every field is optional; the defaults are documented per field. */
export interface CheckOptions<P = Params> {
  /** Overrides of the model's default params (names must exist in `model.params`). Default: none. */
  readonly params?: Partial<P>;
  /**
   * Check only these properties, by name: invariants, action invariants and temporal properties alike (any
   * kind the model declares; `reachable` properties are always checked). Default: all of them.
   */
  readonly invariants?: readonly string[];
  /** Override the model's `deadlock` flag. Default: the model's flag, itself defaulting to true. */
  readonly deadlock?: boolean;
  /** Go on after a violation and report every violated property with its own shortest trace. Default false. */
  readonly continue?: boolean;
  /** Do not expand states at this depth or deeper (initial states are depth 1). Default: unbounded. */
  readonly maxDepth?: number;
  /** Stop after storing this many distinct states. Default: unbounded. */
  readonly maxStates?: number;
  /** Stop after this many seconds. Default: unbounded. */
  readonly timeLimit?: number;
  /** Called about once a second with counts so far. Default: none. */
  readonly onProgress?: (progress: Progress) => void;
  /** Check reachability properties (`model.reachable`); a never-satisfied one is a violation. Default true. */
  readonly reachability?: boolean;
  /**
   * Memory budget of the search frontier in megabytes (fractions allowed; shared out between worker threads).
   * Frontier states are always held encoded; levels that do not fit in the budget go to files and are read back
   * in order. Counts and traces are the same as without it. Default: none (the frontier stays in memory).
   */
  readonly memoryMb?: number;
  /** Folder for the frontier files of `memoryMb`. Default: the OS temp folder. */
  readonly spillDir?: string;
  /**
   * `bfs` (breadth-first: shortest counterexamples, threads, spill) or `dfs` (depth-first on one thread: memory is
   * the fingerprints and the current path; counterexamples are found, not shortest ones, and `depth` is the longest
   * path explored). `dfs` checks no temporal properties (select the others with `invariants`), and takes neither
   * `workers` above 1 nor `memoryMb`. Default `bfs`.
   */
  readonly strategy?: SearchStrategy;
  /** Apply the model's `symmetry` hook (count one state per equivalence class). Default true. */
  readonly symmetry?: boolean;
  /**
   * Among the shortest counterexamples to each property broken, report one with the fewest changes of actor
   * between consecutive steps (each violation then carries `switches`). The search keeps, per state, the fewest
   * switches of its shortest paths, and finishes the level where a property is first broken (stopping at the
   * first counterexample, only the states that can still do better); it runs on one thread and without the
   * model's symmetry hook (a warning says so when either was asked for). Not with `strategy: 'dfs'`. Default false.
   */
  readonly fewestSwitches?: boolean;
  /**
   * Worker threads that expand states (a whole number). With more than one, the model must have been loaded
   * from its file (`loadModel`, as the CLI does), since each thread loads it again. A complete search gives the
   * same counts as with one and every trace is a shortest one; which of several equally short traces is found,
   * the order of violations found in the same level, which action type is credited with a new state, and the
   * counts of a search stopped early may differ from run to run. `memoryMb` is shared out between the threads. Default 1: the calling thread.
   */
  readonly workers?: number;
  /**
   * With `workers` above 1: levels (states at one depth) smaller than this are expanded on the calling thread,
   * and threads start with the first level this large, so that small models pay no start-up. Default 2048.
   */
  readonly workerThreshold?: number;
  /**
   * With `workers` above 1: seconds the search runs on the calling thread before it shares levels out to
   * threads, beginning with a level it expects to take at least half as long on one thread (at the pace of the
   * level before). A fresh thread costs about 0.1 s to start and more to warm up its compiled code, which a
   * short search does not win back: threads start (and load the model) with the first level expected to take
   * that long, even before the delay. Default 0.3.
   */
  readonly workerDelay?: number;
  /**
   * For a search run on a worker thread and watched from another (as the CLI does): the shared window through
   * which the watcher sees which model call runs (to name one that never returns) and asks the search to stop
   * as `interrupted`. Default: none.
   */
  readonly watch?: SearchWatch;
}

/** The options after validation, with defaults filled in. */
export interface ResolvedOptions {
  readonly params: Params;
  readonly invariants: readonly string[] | undefined;
  readonly deadlock: boolean | undefined;
  readonly continue: boolean;
  readonly maxDepth: number;
  readonly maxStates: number;
  readonly timeLimitMs: number;
  readonly onProgress: ((progress: Progress) => void) | undefined;
  readonly reachability: boolean;
  /** Frontier budget in bytes; Infinity without `memoryMb`. */
  readonly memoryBytes: number;
  readonly spillDir: string | undefined;
  readonly workers: number;
  readonly strategy: SearchStrategy;
  readonly symmetry: boolean;
  readonly fewestSwitches: boolean;
  readonly workerThreshold: number;
  readonly workerDelayMs: number;
  readonly watch: SearchWatch | undefined;
}

function positive(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InterleaveError({
      code: 'IL101',
      message: `Option ${name} must be a positive number, got ${String(value)}.`,
    });
  }
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new InterleaveError({
      code: 'IL101',
      message: `Option ${name} must be a number of seconds of at least 0, got ${String(value)}.`,
    });
  }
  return value;
}

function wholePositive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InterleaveError({
      code: 'IL101',
      message: `Option ${name} must be a whole number of at least 1, got ${String(value)}.`,
    });
  }
  return value;
}

function strategyOf(options: CheckOptions<object>): SearchStrategy {
  const strategy = options.strategy ?? 'bfs';
  if (strategy !== 'bfs' && strategy !== 'dfs') {
    throw new InterleaveError({
      code: 'IL101',
      message: `Option strategy (--strategy) must be "bfs" or "dfs", got ${JSON.stringify(strategy) ?? String(strategy)}.`,
      hint: 'bfs (the default) finds shortest counterexamples; dfs finds deep ones with less memory.',
    });
  }
  const refuse = (what: string, hint: string): InterleaveError =>
    new InterleaveError({ code: 'IL101', message: `Strategy dfs (--strategy dfs) ${what}.`, hint });
  if (strategy === 'dfs' && options.workers !== undefined && options.workers > 1) {
    throw refuse(`runs on one thread, but workers (--workers) is ${options.workers}`, 'Drop --workers (or pass --workers 1), or use --strategy bfs to share the search out between threads.');
  }
  if (strategy === 'dfs' && options.fewestSwitches === true) {
    throw refuse('finds counterexamples that are not the shortest, so it has no fewest-switches one among them (fewestSwitches, --fewest-switches)', 'Drop --strategy dfs to use --fewest-switches, or drop --fewest-switches.');
  }
  if (strategy === 'dfs' && options.memoryMb !== undefined) {
    throw refuse('keeps no frontier to spill, but a frontier budget (memoryMb, --memory) was given', 'Drop --memory and --spill-dir: the depth-first search holds only the fingerprints and the current path.');
  }
  return strategy;
}

/** Validates options up front so that a run never starts with a bad one. */
export function resolveOptions(options: CheckOptions<object> = {}): ResolvedOptions {
  return {
    params: (options.params ?? {}) as Params,
    invariants: options.invariants,
    deadlock: options.deadlock,
    continue: options.continue ?? false,
    maxDepth: positive('maxDepth', options.maxDepth),
    maxStates: positive('maxStates', options.maxStates),
    timeLimitMs: positive('timeLimit', options.timeLimit) * 1000,
    onProgress: options.onProgress,
    reachability: options.reachability ?? true,
    memoryBytes: Math.floor(positive('memoryMb', options.memoryMb) * 1024 * 1024),
    spillDir: options.spillDir,
    workers: wholePositive('workers', options.workers, 1),
    strategy: strategyOf(options),
    symmetry: options.symmetry ?? true,
    fewestSwitches: options.fewestSwitches ?? false,
    workerThreshold: wholePositive('workerThreshold', options.workerThreshold, 2048),
    workerDelayMs: nonNegative('workerDelay', options.workerDelay, 0.3) * 1000,
    watch: options.watch,
  };
}
