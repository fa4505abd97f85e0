import * as fs from 'node:fs';
import type { Drift, SuiteSummary } from './summary';
import type { EntryResult } from './entry-result';
import { InterleaveError } from '../errors/interleave-error';

/** Reads an earlier `summary.json`. */
export function readBaseline(file: string): SuiteSummary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InterleaveError({
      code: 'IL404',
      message: `The baseline ${file} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}.`,
      hint: 'Pass the summary.json of an earlier `interleave suite` run.',
      file,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as SuiteSummary).entries)) {
    throw new InterleaveError({ code: 'IL404', message: `The baseline ${file} is not a suite summary: it has no "entries" array.`, file });
  }
  return parsed as SuiteSummary;
}

/**
 * Entries whose distinct-state count changed by more than `fraction` (relative to the baseline), so that an
 * accidental collapse or blow-up of a model's state space is noticed even when every verdict still matches.
 */
export function driftAgainst(baseline: SuiteSummary, entries: readonly EntryResult[], fraction: number): Drift[] {
  const before = new Map(baseline.entries.map((e) => [`${e.suite}\0${e.entry}`, e.distinctStates]));
  const out: Drift[] = [];
  for (const e of entries) {
    const b = before.get(`${e.suite}\0${e.entry}`);
    if (b === undefined) continue;
    const change = b === 0 ? (e.distinctStates === 0 ? 0 : Infinity) : (e.distinctStates - b) / b;
    if (Math.abs(change) > fraction) out.push({ suite: e.suite, entry: e.entry, before: b, after: e.distinctStates, change });
  }
  return out;
}
