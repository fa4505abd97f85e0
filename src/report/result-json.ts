import type { CheckResult, TraceStep, Violation } from '../check/result';
import { toJson } from './to-json';

function traceJson(trace: readonly TraceStep[]): unknown[] {
  return trace.map((s) => ({ action: s.action === null ? null : toJson(s.action), state: toJson(s.state) }));
}

function violationJson(v: Violation): unknown {
  return {
    kind: v.kind,
    name: v.name,
    ...(v.loopStart !== undefined ? { loopStart: v.loopStart } : {}),
    ...(v.switches !== undefined ? { switches: v.switches } : {}),
    trace: traceJson(v.trace),
  };
}

/** The object `interleave check --json` prints: the result with states as plain JSON (see `toJson`). */
export function resultJson(result: CheckResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { violations, ...rest } = result;
  const out: Record<string, unknown> = { ...rest, ...extra, violations: violations.map(violationJson) };
  if (result.verdict === 'error') out.trace = traceJson(result.trace);
  if (result.verdict === 'incomplete' && result.notReturned) {
    const { action, trace, call } = result.notReturned;
    out.notReturned = { call, ...(action !== undefined ? { action: toJson(action) } : {}), trace: traceJson(trace) };
  }
  return out;
}
