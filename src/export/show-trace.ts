import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep } from '../check/result';
import { InterleaveError } from '../errors/interleave-error';
import { fingerprint, InvalidValue } from '../state/fingerprint';
import { describeInvalid } from '../state/describe-invalid';
import { StepEngine } from '../engine/step-engine';
import { effectiveParams } from '../graph/failing-invariants';
import { traceEnding, viewTrace, type TraceView } from '../graph/trace-view';
import { readItf } from './itf';
import { formatAction, formatPath, formatValue } from '../report/format-value';

export interface ShowTraceOptions {
  /** Overrides of the params recorded in the trace file. */
  readonly params?: Partial<Params>;
}

function notAStep(index: number, action: Action | null, why: string): InterleaveError {
  const what = index === 0 ? 'The initial state (step 0)' : `Step ${index} (${action ? formatAction(action) : 'no action'})`;
  return new InterleaveError({
    code: 'IL403',
    message: `${what} of the trace file is not a step of the model: ${why}.`,
    ...(action ? { action } : {}),
  });
}

function attempt<T>(index: number, action: Action | null, f: () => T): T {
  try {
    return f();
  } catch (error) {
    // The engine's coded error (the model threw, or returned what it may not), as the step that is not one.
    throw notAStep(index, action, `the model failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The fingerprint of a recorded state; IL403 naming the step when it is no state value. */
function recordedKey(index: number, step: TraceStep): string {
  try {
    return fingerprint(step.state);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    const bad = describeInvalid(step.state);
    throw notAStep(index, step.action, `it holds a value states may not hold: at ${bad?.path ?? '$'} there is ${bad?.problem ?? 'an unsupported value'}`);
  }
}

/**
 * Checks that a trace is a behaviour of `model`: its first state is an initial state, and each step's action is
 * one the model offers in the state before and leads to exactly the recorded state. The steps are replayed
 * through the step engine (its checks, IL304 included). Throws IL403 naming the first step that is not one.
 */
export function validateTrace(model: AnyModel, trace: readonly TraceStep[], params: Params): void {
  const engine = new StepEngine(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
  trace.forEach((step, index) => {
    const key = recordedKey(index, step);
    if (index === 0) {
      const initial = attempt(0, null, () => engine.initialStates()).map((s) => s.fingerprint);
      if (!initial.includes(key)) throw notAStep(0, null, 'it is none of the model\'s initial states');
      return;
    }
    const before = (trace[index - 1] as TraceStep).state;
    const action = step.action;
    if (action === null) throw notAStep(index, null, 'it has no action');
    const wanted = fingerprint(action);
    const offered = attempt(index, action, () => engine.actions(before));
    const at = offered.findIndex((a) => fingerprint(a) === wanted);
    if (at < 0) throw notAStep(index, action, 'the model does not offer this action in the state before');
    const after = attempt(index, action, () => engine.step(before, offered[at] as Action, at));
    if (after === undefined) throw notAStep(index, action, 'the action is not enabled in the state before');
    if (after.fingerprint !== key) throw notAStep(index, action, 'the action leads to another state than the one recorded');
  });
}

function describe(view: TraceView): string {
  const n = Math.max(0, view.steps.length - 1);
  const steps = `${n} step${n === 1 ? '' : 's'}`;
  switch (view.kind) {
    case 'invariant':
      return `invariant ${view.name ?? ''} violated after ${steps}`;
    case 'action-invariant':
      return `action invariant ${view.name ?? ''} broken by step ${n}`;
    case 'deadlock':
      return `deadlock after ${steps}`;
    case 'liveness':
      return traceEnding(view) === 'stutter'
        ? `liveness property ${view.name ?? ''} violated: stutters forever at step ${view.loopStart ?? 0}`
        : `liveness property ${view.name ?? ''} violated: a loop from step ${view.loopStart ?? 0}`;
    default:
      return `${steps}`;
  }
}

/**
 * A saved ITF trace as terminal text: one column per actor, each step's action in its actor's column with the
 * fields it changed under it. With `model`, the trace is first re-validated (see `validateTrace`).
 */
export function showTrace(itfText: string, model?: AnyModel, options: ShowTraceOptions = {}): string {
  const itf = readItf(itfText);
  const given = { ...itf.params, ...(options.params ?? {}) } as Partial<Params>;
  const params = model ? effectiveParams(model, given) : (given as Params);
  if (model) validateTrace(model, itf.trace, params);
  const view = viewTrace(
    { trace: itf.trace, ...(itf.kind ? { kind: itf.kind } : {}), ...(itf.name !== undefined ? { name: itf.name } : {}), ...(itf.loopStart !== undefined ? { loopStart: itf.loopStart } : {}) },
    { ...(model ? { model } : {}), params, actors: itf.actors, ...(itf.model !== undefined ? { modelName: itf.model } : {}) },
  );
  const out: string[] = [];
  out.push(`${view.model ?? 'trace'}: ${describe(view)}`);
  const paramText = Object.entries(view.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  if (paramText) out.push(`params: ${paramText}`);
  if (model) out.push(`checked against the model ${model.name}: every step is a step of the model`);
  out.push('');

  const width = new Map(view.lanes.map((lane) => [lane, lane.length]));
  for (const s of view.steps) if (s.lane !== undefined) width.set(s.lane, Math.min(28, Math.max(width.get(s.lane) ?? 0, s.label.length)));
  const offsets = new Map<string, number>();
  let offset = 7;
  for (const lane of view.lanes) {
    offsets.set(lane, offset);
    offset += (width.get(lane) ?? 0) + 3;
  }
  const at = (column: number, text: string): string => `${' '.repeat(column)}${text}`;
  out.push(`${'step'.padStart(4)}   ${view.lanes.map((l) => l.padEnd((width.get(l) ?? 0) + 3)).join('')}`.trimEnd());
  let failingBefore: readonly string[] = [];
  for (const s of view.steps) {
    const loop = s.inLoop ? '↻' : ' ';
    if (s.index === 0) {
      out.push(`${String(0).padStart(4)} ${loop} initial state`);
      if (typeof s.state === 'object' && s.state !== null && !Array.isArray(s.state) && !(s.state instanceof Set) && !(s.state instanceof Map)) {
        for (const [k, v] of Object.entries(s.state)) out.push(at(9, `${k} = ${formatValue(v, 100)}`));
      } else out.push(at(9, formatValue(s.state, 100)));
    } else {
      const column = offsets.get(s.lane ?? '') ?? 7;
      out.push(`${String(s.index).padStart(4)} ${loop}${' '.repeat(column - 6)}${s.label}`);
      for (const c of s.changes) {
        const before = 'before' in c ? formatValue(c.before, 60) : '(none)';
        const after = 'after' in c ? formatValue(c.after, 60) : '(removed)';
        out.push(at(column + 2, `${formatPath(c.path)}: ${before} → ${after}`));
      }
      if (s.changes.length === 0) out.push(at(column + 2, '(no change)'));
    }
    for (const name of s.failingSteps) out.push(at(7, `✗ action invariant ${name} broken by this step`));
    for (const name of s.failing) if (!failingBefore.includes(name)) out.push(at(7, `✗ invariant ${name} is false here`));
    failingBefore = s.failing;
  }
  if (view.kind === 'deadlock') out.push(at(7, '✗ deadlock: no action is enabled here'));
  if (traceEnding(view) === 'loop') out.push(at(7, `↻ the last state is the state of step ${view.loopStart ?? 0}: the loop repeats forever`));
  if (traceEnding(view) === 'stutter') out.push(at(7, '↻ the behaviour stops here and stutters forever'));
  return `${out.join('\n')}\n`;
}
