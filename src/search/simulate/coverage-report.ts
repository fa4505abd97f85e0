import type { ActionCounts, CoverageReport } from './types';
import { chao1, type FingerprintCounts } from './fingerprint-counts';

/** Adds `from`'s per-action counts into `into`. */
export function addActionCounts(into: Record<string, ActionCounts>, from: Readonly<Record<string, ActionCounts>>): void {
  for (const [type, c] of Object.entries(from)) {
    const t = (into[type] ??= { enabled: 0, taken: 0 });
    t.enabled += c.enabled;
    t.taken += c.taken;
  }
}

/** The coverage part of a report: action counts sorted by type, distinct states, the Chao1 estimate where honest. */
export function coverageReport(fingerprints: FingerprintCounts, actions: Readonly<Record<string, ActionCounts>>, maxDepth: number): CoverageReport {
  const { f1, f2 } = fingerprints.singletonsAndDoubletons();
  return {
    actions: Object.fromEntries(Object.entries(actions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    distinctStates: fingerprints.size,
    estimate: f2 > 0 || f1 === 0 ? { estimator: 'chao1', total: chao1(fingerprints.size, f1, f2), f1, f2 } : null,
    maxDepth,
  };
}
