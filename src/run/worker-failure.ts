import { InterleaveError, type ErrorInfo } from '../errors/interleave-error';

/** What a worker thread posts when its run threw: a coded error, or, without a code, a bug (with its stack). */
export type WorkerFailure = ErrorInfo | { readonly code?: undefined; readonly message: string };

/** The failure to post for `error`, thrown on a worker thread. */
export function failureOf(error: unknown): WorkerFailure {
  return error instanceof InterleaveError ? error.toInfo() : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** The error to throw on the calling thread for a worker's failure. */
export function errorOf(failure: WorkerFailure): Error {
  return failure.code !== undefined ? new InterleaveError(failure) : new Error(failure.message);
}
