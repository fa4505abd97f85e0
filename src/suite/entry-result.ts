import type { Params } from '../model/types';
import type { Expectation } from './types';
import type { Verdict } from '../check/result';

export type PropertyKind = 'invariant' | 'action-invariant' | 'reachable' | 'deadlock' | 'liveness';

/** What the run showed of one property, beside what the entry expected. `unknown` when a bound stopped the run first. */
export interface PropertyOutcome {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly expected: Expectation;
  readonly actual: 'holds' | 'violated' | 'unknown';
  /** For a violated property: its shortest counterexample's length (states) and action types. */
  readonly traceLength?: number;
  readonly traceActions?: readonly string[];
  /** Folder of its trace files, relative to the suite's output folder. */
  readonly traceDir?: string;
  /** Why this property makes the entry fail (empty when it is as expected). */
  readonly problems: readonly string[];
}

/** One entry's run and its comparison with the expectations. */
export interface EntryResult {
  readonly suite: string;
  readonly specFile: string;
  readonly entry: string;
  readonly model: string;
  readonly modelName: string;
  /** Every param the run used (defaults merged). */
  readonly params: Params;
  /** The params the entry itself sets: what distinguishes it in tables. */
  readonly entryParams: Partial<Params>;
  readonly verdict: Verdict;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly seconds: number;
  readonly properties: readonly PropertyOutcome[];
  /** Problems not tied to one property: a model error, a bound hit. */
  readonly problems: readonly string[];
  readonly passed: boolean;
  readonly reproduce: string;
  /**
   * Set when the entry could not be run as written (its spec file does not load, a field is wrong, its model does
   * not load, it names a property or a param value the model does not have): the error, also in `problems`.
   */
  readonly unusable?: { readonly code: string; readonly message: string; readonly hint?: string };
}
