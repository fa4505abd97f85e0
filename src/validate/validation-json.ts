import type { ValidationResult } from './result';
import { toJson } from '../report/to-json';

/** The `--json` object and `result.json` of `interleave validate` (the trace stays in the trace files). */
export function validationJson(r: ValidationResult, extra: { log: string; mapping?: string; format: string; maxSilent: number }): Record<string, unknown> {
  return {
    model: r.model,
    params: toJson(r.params),
    verdict: r.verdict,
    log: extra.log,
    format: extra.format,
    ...(extra.mapping !== undefined ? { mapping: extra.mapping } : {}),
    maxSilent: extra.maxSilent,
    records: r.records,
    matched: r.matched,
    silentSteps: r.silentSteps,
    consistent: r.consistent,
    maxConsistent: r.maxConsistent,
    durationMs: r.durationMs,
    ...(r.divergence !== undefined
      ? { divergence: { line: r.divergence.line, record: r.divergence.record, expectation: r.divergence.expectation, consistent: r.divergence.consistent, candidates: toJson(r.divergence.candidates) } }
      : {}),
  };
}
