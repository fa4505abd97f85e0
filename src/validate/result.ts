import type { Action, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import type { Expectation } from './expectation';

/** A state the log's records so far allow, as shown where the next record diverges. */
export interface Candidate {
  readonly state: unknown;
  /** The steps enabled there, as labels (`select_bucket(task=1, bucket=0)`), at most a dozen. */
  readonly enabled: readonly string[];
  /** Fields of the record's action (`type=open_bucket`, `task=2`) that no enabled action has. */
  readonly missingFields: readonly string[];
  /** Enabled actions that agree with the record's action, and where the state after them differs from the record's observations. */
  readonly stateDiffs: readonly { readonly action: string; readonly differs: readonly { readonly path: string; readonly expected: unknown; readonly actual: unknown }[] }[];
}

/** The first record no consistent state can take. */
export interface Divergence {
  /** 1-based line of the record in the log. */
  readonly line: number;
  /** The record as read. */
  readonly record: unknown;
  /** The step of the record that failed (a mapping may turn one record into several). */
  readonly expectation: Expectation;
  /** How many states were consistent just before it (the candidates shown are the first of them). */
  readonly consistent: number;
  readonly candidates: readonly Candidate[];
}

export interface ValidationResult {
  readonly model: string;
  readonly params: Params;
  /** `interrupted`: SIGINT or SIGTERM before the end of the log; the counts say how far it got. */
  readonly verdict: 'ok' | 'divergence' | 'interrupted';
  /** Log records read (lines holding a record; blank and comment lines are not records). */
  readonly records: number;
  /** Steps of the log matched (a mapping may give zero or several per record). */
  readonly matched: number;
  /** Unlogged steps in the matching model trace reported (`trace`). */
  readonly silentSteps: number;
  /** States consistent with the whole log (`ok`) or with the records before the divergence. */
  readonly consistent: number;
  /** The most states that were consistent at once: the search's memory is proportional to it. */
  readonly maxConsistent: number;
  readonly durationMs: number;
  /** One model trace matching the log (`ok`) or its longest matched prefix (`divergence`), kept when asked for. */
  readonly trace?: { readonly steps: readonly TraceStep<unknown, Action>[]; readonly labels: readonly string[] };
  readonly divergence?: Divergence;
}
