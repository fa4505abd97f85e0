import type { CheckResult } from '../check/result';
import { EXIT, exitCodeForError } from '../errors/interleave-error';

/** The exit code of a check: 0 ok, 1 violation or deadlock, 3/2 model error by code, 4 incomplete, 130 interrupted. */
export function exitCodeFor(result: CheckResult): number {
  const stoppedBy = result.verdict === 'incomplete' ? result.reason : 'incomplete' in result ? result.incomplete : undefined;
  if (stoppedBy === 'interrupted') return EXIT.interrupted;
  switch (result.verdict) {
    case 'ok':
      return EXIT.ok;
    case 'violation':
    case 'deadlock':
      return EXIT.violation;
    case 'incomplete':
      return EXIT.incomplete;
    case 'error':
      return exitCodeForError(result.error.code);
  }
}
