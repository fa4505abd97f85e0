import type { EntryResult } from './entry-result';
import { VERSION } from '../version';

/** What `reports/suite/summary.json` holds: every entry's result, and totals. */
export interface SuiteSummary {
  readonly version: string;
  readonly passed: boolean;
  /** `unusable`: entries (or spec files) that could not be run as written, counted in `failed` too. */
  readonly totals: { readonly entries: number; readonly passed: number; readonly failed: number; readonly unusable: number; readonly seconds: number };
  /** Set when an interrupt stopped the run: `entries` are those finished before it. */
  readonly interrupted?: { readonly notRun: number };
  readonly entries: readonly EntryResult[];
  readonly drift?: readonly Drift[];
}

/** An entry whose distinct-state count moved by more than the allowed fraction since the baseline. */
export interface Drift {
  readonly suite: string;
  readonly entry: string;
  readonly before: number;
  readonly after: number;
  readonly change: number;
}

export function summarize(entries: readonly EntryResult[], drift?: readonly Drift[], notRun = 0): SuiteSummary {
  const passed = entries.filter((e) => e.passed).length;
  const unusable = entries.filter((e) => e.unusable !== undefined).length;
  return {
    version: VERSION,
    passed: passed === entries.length && (drift?.length ?? 0) === 0 && notRun === 0,
    totals: { entries: entries.length, passed, failed: entries.length - passed, unusable, seconds: entries.reduce((s, e) => s + e.seconds, 0) },
    ...(notRun > 0 ? { interrupted: { notRun } } : {}),
    entries,
    ...(drift ? { drift } : {}),
  };
}

/** The short form of an entry's outcome for tables: what was expected and what was found. */
export function expectedText(e: EntryResult): string {
  const violated = e.properties.filter((p) => p.expected === 'violated').map((p) => p.name);
  return violated.length ? `violates ${violated.join(', ')}` : 'holds';
}

export function foundText(e: EntryResult): string {
  if (e.verdict === 'error') return 'error';
  // A run stopped from outside has no outcome per property.
  if (e.verdict === 'incomplete' && e.properties.length === 0) return 'stopped';
  const violated = e.properties.filter((p) => p.actual === 'violated').map((p) => p.name);
  const unknown = e.properties.filter((p) => p.actual === 'unknown').map((p) => p.name);
  const parts = [violated.length ? `violates ${violated.join(', ')}` : 'holds'];
  if (unknown.length) parts.push(`undecided ${unknown.join(', ')}`);
  return parts.join('; ');
}

/** The params an entry sets (the model's defaults fill in the rest; summary.json has them all). */
export function paramsText(e: EntryResult): string {
  return Object.entries(e.entryParams ?? e.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}
