/**
 * `withCrashes(model, spec)`: the model with power failures added as ordinary actions, so that the checker
 * explores them like any other step and needs no special support.
 *
 * From every state (while the behaviour has crashed fewer than `maxCrashes` times) there is one `Crash` action
 * per distinct combination of post-crash disk images of the model's devices. Taking it hands the images to the
 * model's `recover`, whose result is the next state. Invariants keep applying to every state; `afterCrash`
 * predicates are checked on each state a recovery produces (as action invariants of the crash step).
 */

import type { Action, ActionPredicate, Model, ModelDefinition, ParamsOf, StatePredicate, Value } from '../model/types';
import type { Fairness, Property } from '../model/property';
import { defineModel } from '../model/define-model';
import { InterleaveError } from '../errors/interleave-error';
import type { Device } from './device';
import { crashImages, type CrashImage } from './crash-images';

/** The state of a crash-enabled model: the model's state and how many crashes this behaviour has had. */
export interface CrashState<S> {
  readonly crashes: number;
  readonly state: S;
}

/** The generated power-failure step, as it appears in traces. */
export interface CrashAction {
  readonly type: 'Crash';
  readonly actor: 'power';
  /** Writes (or torn pieces, `id@sector`) that reached the medium, in landing order; `device:id` with several devices. */
  readonly persisted: readonly string[];
  /** Writes (or torn pieces) that were in the cache and did not reach the medium. */
  readonly lost: readonly string[];
}

/** The params `withCrashes` adds: crashes per behaviour (0 turns crashes off) and torn multi-sector writes. */
export type CrashParams = { maxCrashes: number; tornWrites: boolean };

/** A property of the state a recovery produced; `before` is the state at the moment of the crash. */
export type AfterCrashPredicate<S, P> = { check(recovered: S, params: P, before: S): boolean }['check'];

/** What a model tells `withCrashes` about its persistent state and its recovery. */
export interface CrashSpec<S, P> {
  /**
   * The block devices in `state`, by name, whatever their sectors hold (`Device<Super>` too). Everything else in
   * the state is volatile, unless `recover` keeps it.
   */
  devices(state: S, params: P): Readonly<Record<string, Device<unknown>>>;
  /**
   * The state after reboot and recovery, given what each device's medium holds (by the names `devices` used).
   * `before` is the state at the crash: read only what survives a power failure from it (ghost variables that
   * record what the system promised, static configuration); rebuild the rest from `images`.
   */
  recover(images: Readonly<Record<string, readonly Value[]>>, before: S, params: P): S;
  /** Properties each recovered state must have; reported as action invariants of the `Crash` step. */
  readonly afterCrash?: Readonly<Record<string, AfterCrashPredicate<S, P>>>;
  /** Default of the `maxCrashes` param. Default 1. */
  readonly maxCrashes?: number;
  /** Default of the `tornWrites` param. Default false. */
  readonly torn?: boolean;
}

/** Whether `action` is a generated crash step. The action type `Crash` with actor `power` is reserved for it. */
export function isCrashAction(action: Action): action is CrashAction {
  return action.type === 'Crash' && action.actor === 'power';
}

interface Outcome {
  readonly action: CrashAction;
  readonly images: Readonly<Record<string, readonly Value[]>>;
}

function outcomeKey(a: { persisted: readonly string[]; lost: readonly string[] }): string {
  return JSON.stringify([a.persisted, a.lost]);
}

/** Every combination of per-device images, with the persisted and lost writes named by device when there are several. */
function outcomesOf(devices: Readonly<Record<string, Device<unknown>>>, torn: boolean): Outcome[] {
  const names = Object.keys(devices);
  const label = (name: string, id: string): string => (names.length > 1 ? `${name}:${id}` : id);
  let partial: { persisted: string[]; lost: string[]; images: Record<string, readonly Value[]> }[] = [{ persisted: [], lost: [], images: {} }];
  for (const name of names) {
    // Sectors are parts of a state, so Values (IL302 refuses a state holding anything else).
    const options: CrashImage[] = crashImages(devices[name] as Device<Value>, { torn });
    const next: typeof partial = [];
    for (const p of partial) {
      for (const o of options) {
        next.push({
          persisted: [...p.persisted, ...o.persisted.map((id) => label(name, id))],
          lost: [...p.lost, ...o.lost.map((id) => label(name, id))],
          images: { ...p.images, [name]: o.image },
        });
      }
    }
    partial = next;
  }
  return partial.map((p) => ({ action: { type: 'Crash', actor: 'power', persisted: p.persisted, lost: p.lost }, images: p.images }));
}

const RESERVED = ['maxCrashes', 'tornWrites'] as const;

/** The model with generated crash steps; see the file comment. */
export function withCrashes<S, A extends Action, P extends ParamsOf<P>>(
  model: Model<S, A, P>,
  spec: CrashSpec<S, P>,
): Model<CrashState<S>, A | CrashAction, P & CrashParams> {
  for (const k of RESERVED) {
    if (k in model.params) {
      throw new InterleaveError({ code: 'IL204', message: `Model ${model.name} declares the param \`${k}\`, which withCrashes reserves.` });
    }
  }
  const afterCrash = spec.afterCrash ?? {};
  for (const k of Object.keys(afterCrash)) {
    if (k in model.invariants || (model.actionInvariants !== undefined && k in model.actionInvariants)) {
      throw new InterleaveError({ code: 'IL204', message: `Model ${model.name}: afterCrash property \`${k}\` has the name of one of its invariants.` });
    }
  }
  type WS = CrashState<S>;
  type WA = A | CrashAction;
  type WP = P & CrashParams;

  // The checker asks for the actions of a state and then takes them on that same state object: remembering the
  // outcomes of the last state avoids enumerating its images twice. A replay on another object recomputes them.
  let lastState: WS | undefined;
  let lastOutcomes: Outcome[] = [];
  let lastByKey = new Map<string, Outcome>();
  const outcomes = (ws: WS, params: WP): Outcome[] => {
    if (ws !== lastState) {
      lastOutcomes = outcomesOf(spec.devices(ws.state, params), params.tornWrites);
      lastByKey = new Map(lastOutcomes.map((o) => [outcomeKey(o.action), o]));
      lastState = ws;
    }
    return lastOutcomes;
  };

  const inner = (p: StatePredicate<S, P>): StatePredicate<WS, WP> => (ws, params) => p(ws.state, params);
  const mapRecord = <F, G>(record: Readonly<Record<string, F>>, f: (v: F) => G): Record<string, G> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

  const actionInvariants: Record<string, ActionPredicate<WS, WA, WP>> = {
    ...mapRecord(model.actionInvariants ?? {}, (inv): ActionPredicate<WS, WA, WP> => (from, action, to, params) =>
      isCrashAction(action) || inv(from.state, action, to.state, params)),
    ...mapRecord(afterCrash, (pred): ActionPredicate<WS, WA, WP> => (from, action, to, params) =>
      !isCrashAction(action) || pred(to.state, params, from.state)),
  };

  const definition: ModelDefinition<WS, WA, WP> = {
    name: model.name,
    params: { ...model.params, maxCrashes: spec.maxCrashes ?? 1, tornWrites: spec.torn ?? false },
    ...(model.paramValues !== undefined ? { paramValues: model.paramValues as ModelDefinition<WS, WA, WP>['paramValues'] } : {}),
    init: (params) => model.init(params).map((state) => ({ crashes: 0, state })),
    actions(ws, params) {
      const own: readonly WA[] = model.actions(ws.state, params);
      if (ws.crashes >= params.maxCrashes) return own;
      return [...own, ...outcomes(ws, params).map((o) => o.action)];
    },
    next(ws, action, params) {
      if (!isCrashAction(action)) {
        const succ = model.next(ws.state, action, params);
        return succ === undefined ? undefined : { crashes: ws.crashes, state: succ };
      }
      if (ws.crashes >= params.maxCrashes) return undefined;
      outcomes(ws, params);
      const outcome = lastByKey.get(outcomeKey(action));
      if (outcome === undefined) throw new Error(`No crash of this state persists [${action.persisted.join(', ')}] and loses [${action.lost.join(', ')}].`);
      return { crashes: ws.crashes + 1, state: spec.recover(outcome.images, ws.state, params) };
    },
    invariants: mapRecord(model.invariants, inner),
    actionInvariants,
  };
  const d = definition as { -readonly [K in keyof ModelDefinition<WS, WA, WP>]: ModelDefinition<WS, WA, WP>[K] };
  if (model.deadlock !== undefined) d.deadlock = model.deadlock;
  if (model.constraint !== undefined) d.constraint = inner(model.constraint.bind(model));
  if (model.terminal !== undefined) d.terminal = inner(model.terminal.bind(model));
  if (model.reachable !== undefined) d.reachable = mapRecord(model.reachable, inner);
  const actor = model.actor;
  if (actor !== undefined) d.actor = (action, params) => (isCrashAction(action) ? action.actor : actor.call(model, action, params));
  if (model.properties !== undefined) d.properties = mapRecord(model.properties, (p): Property<WS, WP> => wrapProperty(p, inner));
  const fairness = model.fairness;
  if (fairness !== undefined) {
    d.fairness = (params) =>
      fairness.call(model, params).map((f): Fairness<WA> => ({ ...f, actions: (action) => !isCrashAction(action) && f.actions(action) }));
  }
  return defineModel(d);
}

function wrapProperty<S, P, WS, WP>(p: Property<S, P>, inner: (q: StatePredicate<S, P>) => StatePredicate<WS, WP>): Property<WS, WP> {
  switch (p.kind) {
    case 'leadsTo':
      return { kind: 'leadsTo', p: inner(p.p), q: inner(p.q) };
    default:
      return { kind: p.kind, p: inner(p.p) };
  }
}
