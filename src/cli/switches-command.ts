import * as path from 'node:path';
import type { Io } from './io';
import type { AnyModel } from '../model/types';
import type { Violation } from '../check/result';
import type { MaxSwitchesOutcome } from '../search/switches/max-switches';
import { StepEngine } from '../engine/step-engine';
import { replay } from '../engine/replay';
import { maxSwitchesSearch } from '../search/switches/max-switches';
import { selectChecks } from '../search/select-checks';
import { loadModel } from '../load/load-model';
import { resolveParams } from '../model/resolve-params';
import { formatViolation } from '../report/format-result';
import { toJson } from '../report/to-json';
import { writeAtomic } from '../report/write-atomic';
import { EXIT } from '../errors/interleave-error';
import { parseParams } from './parse-params';
import { parseWhole } from './simulate-command';
import { reproduceCommand } from '../report/reproduce';

export interface MaxSwitchesOptions {
  readonly param?: string[];
  readonly invariant?: string[];
  readonly deadlock?: boolean;
  readonly continue?: boolean;
  readonly maxStates?: string;
  readonly maxSwitches?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly typecheck?: boolean;
}

/** Runs the bounded search of `--max-switches K` on a loaded model. */
export function runMaxSwitches(model: AnyModel, params: Record<string, unknown>, k: number, opts: { invariants?: readonly string[]; deadlock?: boolean; continue?: boolean; maxStates?: number }) {
  const resolved = resolveParams(model, params as never);
  const { checks } = selectChecks(model, opts.invariants, opts.deadlock, false);
  const engine = new StepEngine(model, resolved, checks);
  const start = performance.now();
  const outcome: MaxSwitchesOutcome = maxSwitchesSearch(engine, k, { ...(opts.continue ? { continue: true } : {}), ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}) });
  const violations: Violation[] = outcome.violations.map((v) => ({ kind: v.kind, name: v.name, trace: replay(engine, v.path) }));
  return { params: resolved, outcome, violations, checked: [...checks.invariants, ...checks.actionInvariants], durationMs: Math.round(performance.now() - start) };
}

/** `check --max-switches K`: explore only behaviours with at most K actor switches. */
export async function maxSwitchesCommand(file: string, opts: MaxSwitchesOptions, io: Io): Promise<number> {
  const k = parseWhole('--max-switches', opts.maxSwitches, 0) as number;
  const maxStates = parseWhole('--max-states', opts.maxStates, 1);
  const model = loadModel(file, { typecheck: opts.typecheck !== false });
  const run = runMaxSwitches(model, parseParams(opts.param ?? []), k, {
    ...(opts.invariant?.length ? { invariants: opts.invariant } : {}),
    ...(opts.deadlock === false ? { deadlock: false } : {}),
    ...(opts.continue ? { continue: true } : {}),
    ...(maxStates !== undefined ? { maxStates } : {}),
  });
  const { outcome, violations } = run;
  const verdict = violations.length > 0 ? (violations.some((v) => v.kind !== 'deadlock') ? 'violation' : 'deadlock') : outcome.incomplete ? 'incomplete' : 'ok';
  const flags = ['--max-switches', String(k), ...(opts.invariant ?? []).flatMap((i) => ['--invariant', i])];
  if (opts.deadlock === false) flags.push('--no-deadlock');
  if (opts.continue) flags.push('--continue');
  if (maxStates !== undefined) flags.push('--max-states', String(maxStates));
  const reproduce = reproduceCommand(path.relative(process.cwd(), path.resolve(file)) || file, run.params, flags);
  const json = {
    model: model.name,
    params: run.params,
    verdict,
    maxSwitches: k,
    checked: run.checked,
    distinctStates: outcome.distinctStates,
    expanded: outcome.expanded,
    depth: outcome.depth,
    durationMs: run.durationMs,
    violations: violations.map((v) => ({ kind: v.kind, name: v.name, trace: v.trace.map((s) => ({ action: s.action === null ? null : toJson(s.action), state: toJson(s.state) })) })),
    reproduce,
  };
  if (opts.out) writeAtomic(path.join(opts.out, 'result.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (opts.json) io.out(`${JSON.stringify(json)}\n`);
  else {
    const lines = [`Model: ${model.name}  (${Object.entries(run.params).map(([a, b]) => `${a}=${String(b)}`).join(' ')})`];
    lines.push(
      verdict === 'ok'
        ? `Verdict: OK up to ${k} actor switches (every behaviour with at most ${k} switches explored; longer ones were not)`
        : verdict === 'incomplete'
          ? `Verdict: INCOMPLETE (stopped at --max-states before exhausting the behaviours with at most ${k} switches)`
          : `Verdict: ${verdict.toUpperCase()} (${violations.map((v) => v.name).join(', ')}) within ${k} actor switches`,
    );
    lines.push(`States: ${outcome.distinctStates.toLocaleString('en-US')} distinct, ${outcome.expanded.toLocaleString('en-US')} (state, last actor, switches) expanded, depth ${outcome.depth}, ${(run.durationMs / 1000).toFixed(2)} s`);
    for (const v of violations) lines.push('', formatViolation(v));
    io.out(`${lines.join('\n')}\n\nReproduce: ${reproduce}\n`);
  }
  return verdict === 'ok' ? EXIT.ok : verdict === 'incomplete' ? EXIT.incomplete : EXIT.violation;
}
