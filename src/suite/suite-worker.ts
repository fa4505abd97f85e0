import { parentPort } from 'node:worker_threads';
import type { RunEntryInput } from './run-entry';
import { runEntry } from './run-entry';

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
        // runEntry turns coded errors into rows: what reaches here is a bug.
        error: { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      }),
  );
});
