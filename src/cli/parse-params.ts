import { InterleaveError } from '../errors/interleave-error';

/** Parses `--param key=value` flags; numbers and booleans are parsed here, and checked against the model later. */
export function parseParams(pairs: readonly string[]): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new InterleaveError({
        code: 'IL101',
        message: `--param expects key=value, got "${pair}".`,
        hint: 'For example: --param tasks=3 --param variant=fixed',
      });
    }
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    params[key] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

/** Parses a positive number option, naming the flag on error. */
export function parsePositive(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InterleaveError({ code: 'IL101', message: `${flag} expects a positive number, got "${raw}".` });
  }
  return n;
}
