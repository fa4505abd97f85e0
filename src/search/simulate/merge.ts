import type { ActionCounts, CoverageReport, RunConfig } from './types';
import { InterleaveError } from '../../errors/interleave-error';
import { FingerprintCounts } from './fingerprint-counts';
import { addActionCounts, coverageReport } from './coverage-report';

/** The fields of a `simulate --json` report that merging reads; the rest is carried from the first report. */
export interface SimulationReport {
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly verdict: string;
  readonly seed: number;
  readonly swarm?: number;
  readonly shard?: { index: number; count: number };
  readonly configs: readonly RunConfig[];
  readonly runs: number;
  readonly steps: number;
  readonly durationMs: number;
  readonly stopped: string;
  readonly coverage: CoverageReport;
  readonly reachable: Record<string, boolean>;
  readonly violations: readonly { kind: string; name: string; config: number; run: number; trace: readonly unknown[] }[];
  readonly fingerprints?: string;
  readonly error?: unknown;
  readonly [key: string]: unknown;
}

function unusable(file: string, why: string): InterleaveError {
  return new InterleaveError({
    code: 'IL105',
    message: `Report ${file} cannot be merged: ${why}.`,
    hint: 'Merge the JSON reports (simulate --json or --out DIR/result.json) of the shards of one swarm: same model, params, seed and --swarm.',
    file,
  });
}

/**
 * Combines reports of one campaign (the shards of a swarm, usually): runs and steps add up, coverage is the
 * union (distinct states from the fingerprints each report carries, so a state seen by two shards counts once),
 * reachable properties witnessed by any, every violation, shortest first. Reports must come from the same
 * model, params, seed and swarm, and no configuration may appear twice.
 */
export function mergeReports(reports: readonly { file: string; report: SimulationReport }[]): SimulationReport {
  const [head] = reports;
  if (head === undefined) throw new InterleaveError({ code: 'IL101', message: 'merge needs at least one report.' });
  const base = head.report;
  const seenConfigs = new Map<number, string>();
  const fingerprints = new FingerprintCounts();
  const actions: Record<string, ActionCounts> = {};
  const reachable: Record<string, boolean> = {};
  const violations: SimulationReport['violations'][number][] = [];
  let runs = 0;
  let steps = 0;
  let durationMs = 0;
  let maxDepth = 0;
  let timeLimited = false;
  let error: unknown;
  for (const { file, report } of reports) {
    if (typeof report !== 'object' || report === null || !Array.isArray(report.configs) || typeof report.coverage !== 'object') {
      throw unusable(file, 'it is not a JSON report of interleave simulate');
    }
    for (const [field, same] of [
      ['model', report.model === base.model],
      ['params', JSON.stringify(report.params) === JSON.stringify(base.params)],
      ['seed', report.seed === base.seed],
      ['swarm', report.swarm === base.swarm],
    ] as const) {
      if (!same) throw unusable(file, `its ${field} differs from that of ${head.file}`);
    }
    if (report.fingerprints === undefined) throw unusable(file, 'it carries no fingerprints (only swarm reports do)');
    for (const c of report.configs) {
      const other = seenConfigs.get(c.index);
      if (other !== undefined) throw unusable(file, `configuration ${c.index} is also in ${other} (the same shard twice?)`);
      seenConfigs.set(c.index, file);
    }
    runs += report.runs;
    steps += report.steps;
    durationMs = Math.max(durationMs, report.durationMs);
    maxDepth = Math.max(maxDepth, report.coverage.maxDepth);
    timeLimited ||= report.stopped === 'time-limit';
    error ??= report.error;
    fingerprints.addAll(FingerprintCounts.fromBase64(report.fingerprints));
    addActionCounts(actions, report.coverage.actions);
    for (const [name, hit] of Object.entries(report.reachable)) reachable[name] = (reachable[name] ?? false) || hit;
    violations.push(...report.violations);
  }
  violations.sort((a, b) => a.trace.length - b.trace.length || a.config - b.config || a.run - b.run);
  const verdict = error !== undefined ? 'error' : violations.length === 0 ? 'ok' : violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock';
  const { shard: _shard, reproduce: _reproduce, ...rest } = base;
  return {
    ...rest,
    verdict,
    configs: [...reports.flatMap((r) => r.report.configs)].sort((a, b) => a.index - b.index),
    runs,
    steps,
    durationMs,
    stopped: timeLimited ? 'time-limit' : violations.length > 0 ? 'violation' : 'runs',
    coverage: coverageReport(fingerprints, actions, maxDepth),
    reachable,
    violations,
    fingerprints: fingerprints.toBase64(),
    ...(error !== undefined ? { error } : {}),
    merged: reports.map((r) => r.file),
  };
}
