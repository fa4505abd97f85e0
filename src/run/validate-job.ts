/** The messages between `runValidate` and the thread it validates a log on. */
import type { Params } from '../model/types';
import type { WorkerFailure } from './worker-failure';
import type { LogFormat } from '../validate/read-log';
import type { ValidationResult } from '../validate/result';

export interface ValidateJob {
  readonly modelFile: string;
  readonly params: Params;
  readonly log: string;
  readonly format: LogFormat;
  readonly mapFile: string | undefined;
  readonly maxSilent: number;
  readonly reorderWindow: number;
  readonly keepTrace: boolean;
  /** One Int32: set to 1 to stop between records (an interrupt). */
  readonly stop: SharedArrayBuffer;
  /** The model's and mapping's compiled sources (see `compiledSources`). */
  readonly sources: [string, string][];
}

/** How far the validation got: posted now and then, for the report of a thread that had to be stopped. */
export interface ValidateProgress {
  readonly records: number;
  readonly matched: number;
}

export type FromValidateWorker =
  | { readonly type: 'progress'; readonly progress: ValidateProgress }
  | { readonly type: 'result'; readonly result: ValidationResult }
  | { readonly type: 'failed'; readonly error: WorkerFailure };
