import { InterleaveError } from '../errors/interleave-error';

/** One paragraph for stderr: code, message, and the fix hint when there is one. */
export function formatError(error: InterleaveError): string {
  return `interleave: error ${error.code}: ${error.message}${error.hint ? ` Hint: ${error.hint}` : ''}\n`;
}

/** Any error as a one-paragraph message; an unexpected one is labelled as a bug in interleave. */
export function formatAnyError(error: unknown): string {
  if (error instanceof InterleaveError) return formatError(error);
  const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `interleave: internal error (a bug in interleave, please report it with the command that caused it): ${msg}\n`;
}
