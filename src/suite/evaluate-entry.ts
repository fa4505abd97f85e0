import type { AnyModel } from '../model/types';
import type { CheckResult } from '../check/result';
import type { SuiteEntry } from './types';
import type { PropertyKind, PropertyOutcome } from './entry-result';

/** The properties an entry is judged on, by name and kind, in the model's order. */
export function propertiesOf(model: AnyModel, deadlockChecked: boolean): [string, PropertyKind][] {
  const out: [string, PropertyKind][] = [];
  for (const n of Object.keys(model.invariants)) out.push([n, 'invariant']);
  for (const n of Object.keys(model.actionInvariants ?? {})) out.push([n, 'action-invariant']);
  for (const n of Object.keys(model.reachable ?? {})) out.push([n, 'reachable']);
  for (const n of Object.keys(model.properties ?? {})) out.push([n, 'liveness']);
  if (deadlockChecked) out.push(['deadlock', 'deadlock']);
  return out;
}

/**
 * Compares a run with an entry's expectations, property by property. A property not named in `expect` is
 * expected to hold; `deadlock` is expected as `entry.deadlock` says (default: none).
 */
export function evaluateEntry(
  entry: SuiteEntry,
  model: AnyModel,
  result: CheckResult,
  traceDirs: Readonly<Record<string, string>> = {},
): { properties: PropertyOutcome[]; problems: string[] } {
  const problems: string[] = [];
  if (result.verdict === 'error') problems.push(`${result.error.code}: ${result.error.message}`);
  const stoppedAt = result.verdict === 'incomplete' ? result.reason : 'incomplete' in result ? result.incomplete : undefined;
  if (stoppedAt && !entry.allowIncomplete) problems.push(`the run stopped at its bound (${stoppedAt}) before exploring every state`);
  const complete = stoppedAt === undefined && result.verdict !== 'error';
  const deadlockChecked = model.deadlock !== false;
  const properties = propertiesOf(model, deadlockChecked).map(([name, kind]): PropertyOutcome => {
    const expected = kind === 'deadlock' ? (entry.deadlock ? 'violated' : 'holds') : (entry.expect[name] ?? 'holds');
    const violation = result.violations.find((v) =>
      kind === 'deadlock' ? v.kind === 'deadlock' : kind === 'reachable' ? v.kind === 'unreachable' && v.name === name : v.name === name && v.kind !== 'unreachable' && v.kind !== 'deadlock',
    );
    let actual: PropertyOutcome['actual'];
    if (violation) actual = 'violated';
    else if (kind === 'reachable') actual = result.reachable[name] ? 'holds' : complete ? 'violated' : 'unknown';
    // `allowIncomplete` accepts invariants checked up to a bound; a temporal property is about whole behaviours,
    // which a bounded run does not see: it stays undecided.
    else actual = complete || (entry.allowIncomplete && result.verdict !== 'error' && kind !== 'liveness') ? 'holds' : 'unknown';
    const own: string[] = [];
    if (actual === 'unknown') own.push(`not decided: the run ${result.verdict === 'error' ? 'failed' : 'stopped'} before it could be`);
    else if (actual !== expected) own.push(expected === 'violated' ? 'expected a violation, but it holds' : 'expected to hold, but it is violated');
    const pinned = kind === 'deadlock' ? undefined : entry.traces?.[name];
    const traceActions = violation?.trace.slice(1).map((s) => s.action?.type ?? '?');
    if (pinned && violation && violation.trace.length > 0) {
      if (pinned.length !== undefined && pinned.length !== violation.trace.length) {
        own.push(`the counterexample has ${violation.trace.length} states, the entry pins ${pinned.length}`);
      }
      if (pinned.actions && JSON.stringify(pinned.actions) !== JSON.stringify(traceActions)) {
        own.push(`the counterexample's actions are [${traceActions?.join(', ')}], the entry pins [${pinned.actions.join(', ')}]`);
      }
    }
    return {
      name,
      kind,
      expected,
      actual,
      ...(violation && violation.trace.length > 0 ? { traceLength: violation.trace.length, traceActions: traceActions ?? [] } : {}),
      ...(traceDirs[name] ? { traceDir: traceDirs[name] } : {}),
      problems: own,
    };
  });
  return { properties, problems };
}
