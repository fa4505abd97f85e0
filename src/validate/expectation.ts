/**
 * What one log record says about one step of the model: fields the action taken must have (at least `type`;
 * fields not given are free) and, optionally, values of the state after the step, keyed by dot paths
 * (`"tasks.0.pc": "done"`).
 */
export interface Expectation {
  readonly action: { readonly type: string; readonly [field: string]: unknown };
  readonly state?: Readonly<Record<string, unknown>>;
}

/** One record of a log, after mapping: where it is, what it was, and the steps it stands for (zero or more). */
export interface LogEntry {
  /** 1-based line number in the log file. */
  readonly line: number;
  /** The record as read (a parsed NDJSON object, or an ftrace event). */
  readonly raw: unknown;
  readonly expectations: readonly Expectation[];
}
