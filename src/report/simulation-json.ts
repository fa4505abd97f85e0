import type { SimulateResult } from '../search/simulate/types';
import { toJson } from './to-json';

/** The object `interleave simulate --json` prints: the result with traces as plain JSON (see `toJson`). */
export function simulationJson(result: SimulateResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { violations, ...rest } = result;
  return {
    ...rest,
    ...extra,
    violations: violations.map((v) => ({
      ...v,
      trace: v.trace.map((s) => ({ action: s.action === null ? null : toJson(s.action), state: toJson(s.state) })),
    })),
  };
}
