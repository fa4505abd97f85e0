import type { Action, AnyModel, Params } from '../model/types';
import type { TraceStep, ViolationKind } from '../check/result';
import { fingerprint } from '../state/fingerprint';
import { diffStates, type Change } from '../trace/diff';
import { formatAction } from '../report/format-value';
import { actorOf, NO_ACTOR } from './actor';
import { effectiveParams, failingActionInvariants, failingInvariants } from './failing-invariants';

/** A trace with what it broke; a `Violation` is one. */
export interface TraceSource {
  readonly trace: readonly TraceStep[];
  readonly kind?: ViolationKind;
  readonly name?: string;
  readonly loopStart?: number;
}

/** One step as every trace view shows it: who did what, and what changed. */
export interface StepView {
  /** 0 for the initial state. */
  readonly index: number;
  /** Fingerprint of the state: a repeated state (a lasso's end) has the key of its first occurrence. */
  readonly key: string;
  readonly state: unknown;
  readonly action: Action | null;
  /** `initial`, or the action as a label (`write(value=1)`). */
  readonly label: string;
  /** The actor that took the action, when the action, the model or the trace file names one. */
  readonly actor: string | undefined;
  /** The lane: the action's actor, `system` for actions without one; `undefined` for the initial state. */
  readonly lane: string | undefined;
  /** What this step changed (empty for the initial state). */
  readonly changes: readonly Change[];
  /** Invariants false in this state (all of the model's when a model is given, else the violated one). */
  readonly failing: readonly string[];
  /** Action invariants broken by this step. */
  readonly failingSteps: readonly string[];
  /** The state (or step) where the violation shows. */
  readonly violating: boolean;
  /** The step belongs to a lasso's loop (taken after `loopStart`). */
  readonly inLoop: boolean;
}

/** A trace prepared for display, shared by the graph builder and every exporter. */
export interface TraceView {
  readonly model: string | undefined;
  readonly params: Params;
  readonly kind: ViolationKind | undefined;
  readonly name: string | undefined;
  readonly loopStart: number | undefined;
  /** Lanes in order of first appearance. */
  readonly lanes: readonly string[];
  readonly steps: readonly StepView[];
}

export interface TraceContext {
  /** When given: actors from `model.actor`, and every invariant evaluated in every state. */
  readonly model?: AnyModel;
  /** Overrides of the model's default params (or the params of a model-less trace). */
  readonly params?: Partial<Params>;
  /** The model's name when no model is given (as recorded in a trace file). */
  readonly modelName?: string;
  /** Actors recorded with the trace, by step (ITF files keep them): used for actions without an `actor` field. */
  readonly actors?: readonly (string | undefined)[];
}

/** Describes a trace step by step: lanes, changes, failing invariants and the violation's place. */
export function viewTrace(source: TraceSource, context: TraceContext = {}): TraceView {
  const { model } = context;
  const params = effectiveParams(model, context.params);
  const lanes: string[] = [];
  const last = source.trace.length - 1;
  const steps = source.trace.map((step, index): StepView => {
    const before = index > 0 ? source.trace[index - 1] : undefined;
    const key = fingerprint(step.state);
    let actor: string | undefined;
    let lane: string | undefined;
    if (step.action !== null) {
      actor = actorOf(step.action, model, params) ?? context.actors?.[index];
      lane = actor ?? NO_ACTOR;
      if (!lanes.includes(lane)) lanes.push(lane);
    }
    const atEnd = index === last;
    let failing: string[] = model ? failingInvariants(model, step.state, params) : [];
    if (!model && atEnd && source.kind === 'invariant' && source.name !== undefined) failing = [source.name];
    let failingSteps: string[] =
      model && before && step.action ? failingActionInvariants(model, before.state, step.action, step.state, params) : [];
    if (!model && atEnd && source.kind === 'action-invariant' && source.name !== undefined) failingSteps = [source.name];
    return {
      index,
      key,
      state: step.state,
      action: step.action,
      label: step.action ? formatAction(step.action) : 'initial',
      actor,
      lane,
      changes: before ? diffStates(before.state, step.state) : [],
      failing,
      failingSteps,
      violating: atEnd && source.kind !== undefined && source.kind !== 'liveness' && source.kind !== 'unreachable',
      inLoop: source.loopStart !== undefined && index > source.loopStart,
    };
  });
  return {
    model: model?.name ?? context.modelName,
    params,
    kind: source.kind,
    name: source.name,
    loopStart: source.loopStart,
    lanes,
    steps,
  };
}

/** How a trace ends: plainly, in a loop back to `loopStart`, or stuttering forever in its last state. */
export function traceEnding(view: Pick<TraceView, 'loopStart' | 'steps'>): 'end' | 'loop' | 'stutter' {
  if (view.loopStart === undefined) return 'end';
  return view.loopStart >= view.steps.length - 1 ? 'stutter' : 'loop';
}
