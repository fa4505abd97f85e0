import type { NumberedLine } from './read-lines';
import { InterleaveError } from '../errors/interleave-error';

/** Parses one NDJSON line into an object (blank lines give `undefined`); anything else is IL502 naming the line. */
export function parseNdjsonLine(file: string, { line, text }: NumberedLine): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(file, line, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(file, line, 'it is not a JSON object');
  return value as Record<string, unknown>;
}

/** IL502: a record of the log that cannot be read as one. */
export function malformed(file: string, line: number, why: string, hint?: string): InterleaveError {
  return new InterleaveError({
    code: 'IL502',
    message: `Line ${line} of the log ${file} is malformed: ${why}.`,
    hint: hint ?? 'Each line must be one record such as {"action": {"type": "Write", "task": 0}, "state": {"counter": 1}}.',
    file,
  });
}
