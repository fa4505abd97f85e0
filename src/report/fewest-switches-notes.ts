import type { CheckResult } from '../check/result';

/** What `check --fewest-switches` adds to the human report: per counterexample its switches, and what finding them cost. */
export function fewestSwitchesNotes(result: CheckResult): string[] {
  const stats = result.search.fewestSwitches;
  if (stats === undefined || result.verdict === 'error') return [];
  const notes: string[] = [];
  for (const v of result.violations) {
    if (v.switches === undefined) continue;
    const what = v.kind === 'deadlock' ? 'the deadlock' : v.name;
    notes.push(`Fewest switches for ${what}: ${v.switches.fewest} actor switches in ${v.trace.length} states (the first counterexample found had ${v.switches.firstFound}).`);
  }
  if (notes.length === 0) return [];
  const n = (x: number): string => x.toLocaleString('en-US');
  if (stats.method === 'second-search') {
    notes.push(`The model has more actors than the search's switch counts tell apart (32): a second search found these, expanding ${n(stats.expandedAfterFirst)} states.`);
  } else if (stats.expandedAfterFirst + stats.skippedAfterFirst > 0) {
    notes.push(`To finish the level of the first counterexample, the search expanded ${n(stats.expandedAfterFirst)} more states and skipped ${n(stats.skippedAfterFirst)} that could not do better.`);
  }
  if (!stats.exact) notes.push(`The search stopped before it finished a counterexample's level: its trace is a shortest one, but one with fewer switches may exist.`);
  return notes;
}
