import type { Params } from '../model/types';

/** What an entry expects of one property: that it holds, or that the checker finds a violation. */
export type Expectation = 'holds' | 'violated';

/** The known counterexample of a property, pinned so that a change that alters it is seen. */
export interface ExpectedTrace {
  /** Number of states in the shortest trace, the initial state included. */
  readonly length?: number;
  /** The `type` of each action in the trace, in order (the initial state has none). */
  readonly actions?: readonly string[];
}

/**
 * A recorded run the entry's model (with the entry's params) must still agree with, or still reject at a given
 * record (`interleave validate`). Paths are relative to the spec file.
 */
export interface ValidationEntry {
  readonly log: string;
  readonly format?: 'ndjson' | 'ftrace';
  /** Mapping module (`--map`); its params are not used: the entry's params are. */
  readonly map?: string;
  readonly maxSilent?: number;
  readonly expect: 'ok' | 'divergence';
  /** For `divergence`: the 1-based line of the first record the model cannot take. */
  readonly line?: number;
}

/**
 * One suite entry: a model with params, and the verdict expected for each property.
 * Names in `expect` may be invariants, action invariants, reachability properties or liveness properties.
 * Any invariant or property the entry does not name is expected to hold.
 */
export interface SuiteEntry {
  /** Unique within its suite file; shown in tables and JUnit test names. */
  readonly name: string;
  /** Path of the model file, relative to the spec file. */
  readonly model: string;
  readonly params?: Partial<Params>;
  readonly expect: Readonly<Record<string, Expectation>>;
  /** Whether a deadlock is expected. Default false (when the model checks deadlocks). */
  readonly deadlock?: boolean;
  /** Pinned counterexamples, by property name (each must be expected `violated`). */
  readonly traces?: Readonly<Record<string, ExpectedTrace>>;
  /** Bounds: a run that hits one is a failed entry unless `allowIncomplete` is set. */
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimit?: number;
  /** Accept a run that stops at a bound (bounded checks of large scopes). Default false. */
  readonly allowIncomplete?: boolean;
  /** Logs of real runs checked against the model after the check (see `ValidationEntry`). */
  readonly validations?: readonly ValidationEntry[];
  /**
   * `simulate`: random walks within `simulate`'s budget instead of the exhaustive search. A property expected
   * `violated` must be found within the budget; `holds` then means only that none was found. Default `check`.
   */
  readonly mode?: 'check' | 'simulate';
  readonly simulate?: SimulateBudget;
  /** Explore only behaviours with at most this many actor switches: `holds` means "holds up to K switches". */
  readonly maxSwitches?: number;
  /**
   * `dfs`: check depth-first (`check --strategy dfs`); pinned `traces` are then the depth-first search's, which
   * need not be shortest. Not with temporal properties, `mode: 'simulate'` or `maxSwitches`. Default `bfs`.
   */
  readonly strategy?: 'bfs' | 'dfs';
}

/** The budget of a `mode: 'simulate'` entry (defaults: 1000 runs, 200 steps a run, seed 0, strategy random). */
export interface SimulateBudget {
  readonly runs?: number;
  readonly depth?: number;
  readonly seed?: number;
  readonly strategy?: 'random' | 'pct' | 'coverage';
  readonly pctDepth?: number;
}

export interface SuiteDefinition {
  readonly name: string;
  readonly entries: readonly SuiteEntry[];
}

export type Suite = SuiteDefinition & { readonly __interleaveSuite: 1 };
