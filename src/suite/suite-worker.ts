import { parentPort } from 'node:worker_threads';
import type { RunEntryInput } from './run-entry';
import { runEntry } from './run-entry';
import { InterleaveError } from '../errors/interleave-error';

/** A worker thread of `runSuite`: runs the entries it is sent, one at a time, and posts back each result. */
parentPort?.on('message', (msg: { id: number; input: RunEntryInput } | 'stop') => {
  if (msg === 'stop') {
    process.exit(0);
  }
  runEntry(msg.input).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: msg.id,
        error: error instanceof InterleaveError ? error.toInfo() : { code: 'internal', message: error instanceof Error ? error.stack ?? error.message : String(error) },
      }),
  );
});
