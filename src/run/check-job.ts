/** The messages between `runCheck` and the thread it runs a check on. */
import type { CheckOptions, Progress } from '../check/options';
import type { CheckResult } from '../check/result';
import type { ErrorInfo } from '../errors/interleave-error';
import type { FingerprintStoreBuffers } from '../state/fingerprint-store';

/** Options that cross to the thread: everything but callbacks and the watch. */
export type PortableCheckOptions = Omit<CheckOptions<object>, 'onProgress' | 'watch'>;

export interface CheckJob {
  readonly file: string;
  readonly options: PortableCheckOptions;
  /** The `SearchWatch` buffer. */
  readonly watch: SharedArrayBuffer;
  /** The model's compiled sources (see `compiledSources`): the thread loads no TypeScript compiler. */
  readonly sources: [string, string][];
}

export type FromCheckWorker =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'store'; readonly buffers: FingerprintStoreBuffers }
  | { readonly type: 'result'; readonly result: CheckResult }
  /** `check` threw: a coded error (bad option, spill failure) or, without a code, a bug. */
  | { readonly type: 'failed'; readonly error: ErrorInfo | { readonly code?: undefined; readonly message: string } };
