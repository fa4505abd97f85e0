import type { Action, ActionPredicate, AnyModel, Params, StatePredicate } from '../model/types';
import type { RawFailure } from '../check/search-outcome';
import { describeFailure } from '../check/describe-failure';
import { fingerprint, InvalidValue } from '../state/fingerprint';
import { InterleaveError } from '../errors/interleave-error';
import { actorOf } from '../graph/actor';

/** What a driver asks the engine to check: names of the model's properties, and the search's switches. */
export interface EngineChecks {
  readonly invariants: readonly string[];
  readonly actionInvariants: readonly string[];
  readonly reachable: readonly string[];
  /** Report states without successors (and not terminal) as deadlocks. */
  readonly deadlock: boolean;
  /** Fingerprint states by the model's symmetry hook (when it has one). */
  readonly symmetry: boolean;
}

/** A state with its fingerprint (of its canonical representative, with symmetry). */
export interface Fingerprinted<S = unknown> {
  readonly state: S;
  /** 16 hex digits, as `fingerprint` gives them. */
  readonly fingerprint: string;
}

/** One enabled step out of a state. */
export interface Successor<S = unknown, A extends Action = Action> extends Fingerprinted<S> {
  /** The action's index in `actions(state)`: what traces, replays and explorer paths record. */
  readonly index: number;
  readonly action: A;
  /** Who takes it (`actor`, or the model's `actor` hook), `undefined` when neither names one. */
  readonly actor: string | undefined;
  /** False for a step back to the same state (a stutter, in TLA's terms). */
  readonly changed: boolean;
}

/**
 * The semantics of a step, in one place, for every driver that walks a model's states (depth-first search,
 * simulation, trace validation, the explorer, graph exports): calling `init`, `actions` and `next`, checking
 * what they return, fingerprinting, the constraint, invariants, action invariants, reachability, terminal
 * states, actors. It keeps no states and knows nothing of queues, levels, threads, seeds or logs: drivers
 * decide what to keep and where to go next.
 *
 * Every failure of the model is thrown as an `InterleaveError` with the code and message that the
 * breadth-first search gives for it (`describeFailure`), "the last state of the trace" being the state the
 * driver passed in, so that a driver reports it with the path that led there.
 */
export class StepEngine<S = unknown, A extends Action = Action> {
  private readonly invariants: readonly (readonly [string, StatePredicate<unknown, Params>])[];
  private readonly actionInvariants: readonly (readonly [string, ActionPredicate<unknown, Action, Params>])[];
  private readonly reachable: readonly (readonly [string, StatePredicate<unknown, Params>])[];
  private readonly symmetry: ((state: unknown, params: Params) => unknown) | undefined;

  constructor(
    readonly model: AnyModel,
    readonly params: Params,
    readonly checks: EngineChecks,
  ) {
    const pick = <F>(record: Readonly<Record<string, F>> | undefined, names: readonly string[], kind: string): (readonly [string, F])[] =>
      names.map((n) => {
        const f = record?.[n];
        if (f === undefined) throw new InterleaveError({ code: 'IL104', message: `Model ${model.name} has no ${kind} "${n}".` });
        return [n, f] as const;
      });
    this.invariants = pick(model.invariants, checks.invariants, 'invariant');
    this.actionInvariants = pick(model.actionInvariants, checks.actionInvariants, 'action invariant');
    this.reachable = pick(model.reachable, checks.reachable, 'reachable property');
    this.symmetry = checks.symmetry ? model.symmetry : undefined;
  }

  /** The initial states, in `init`'s order (their index there is their "action index"). */
  initialStates(): Fingerprinted<S>[] {
    let inits: unknown;
    try {
      inits = this.model.init(this.params);
    } catch (error) {
      throw this.failure({ phase: 'init', error });
    }
    if (!Array.isArray(inits) || inits.length === 0) throw this.failure({ phase: 'init-empty', error: inits });
    return (inits as unknown[]).map((state) => ({ state: state as S, fingerprint: this.fingerprintOf(state, undefined) }));
  }

  /** The candidate actions in `state`, checked to be actions (objects with a string `type`). */
  actions(state: S): readonly A[] {
    let actions: unknown;
    try {
      actions = this.model.actions(state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'actions', error });
    }
    if (!Array.isArray(actions)) {
      throw new InterleaveError({
        code: 'IL301',
        message: `Model ${this.model.name}: actions() must return an array of actions, but returned ${describe(actions)} in the last state of the trace.`,
      });
    }
    for (const action of actions as unknown[]) checkAction(this.model, action);
    return actions as readonly A[];
  }

  /**
   * Every enabled step out of `state`, in the order of `actions(state)`. Also checks that computing them left
   * `state` as it was (IL304): drivers other than the breadth-first search are not on the hot path.
   */
  successors(state: S): Successor<S, A>[] {
    const before = this.fingerprintOf(state, undefined, true);
    const actions = this.actions(state);
    const out: Successor<S, A>[] = [];
    for (let index = 0; index < actions.length; index++) {
      const step = this.step(state, actions[index] as A, index, before);
      if (step !== undefined) out.push(step);
    }
    if (this.fingerprintOf(state, undefined, true) !== before) throw this.failure({ phase: 'mutation', error: undefined });
    return out;
  }

  /**
   * The successor of `state` by `action` (at `index` in its actions), or `undefined` when `next` does not
   * enable it. `parentFingerprint`, when known, saves hashing the parent again to tell a stutter.
   */
  step(state: S, action: A, index: number, parentFingerprint?: string): Successor<S, A> | undefined {
    let next: unknown;
    try {
      next = this.model.next(state, action, this.params);
    } catch (error) {
      throw this.failure({ phase: 'next', action, error });
    }
    if (next === undefined) return undefined;
    const fp = this.fingerprintOf(next, action);
    const parent = parentFingerprint ?? this.fingerprintOf(state, undefined, true);
    return { state: next as S, fingerprint: fp, index, action, actor: this.actorOf(action), changed: fp !== parent };
  }

  /** The fingerprint of `state` (of its representative under symmetry). */
  fingerprint(state: S): string {
    return this.fingerprintOf(state, undefined);
  }

  /** Whether `state` is inside the model's constraint (TLC's CONSTRAINT): states outside are checked, not expanded. */
  inside(state: S): boolean {
    const constraint = this.model.constraint;
    if (constraint === undefined) return true;
    try {
      return constraint(state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'constraint', error });
    }
  }

  /** The names of the checked invariants that `state` violates, in the model's order. */
  violatedInvariants(state: S): string[] {
    const out: string[] = [];
    for (const [name, holds] of this.invariants) {
      let ok: boolean;
      try {
        ok = holds(state, this.params);
      } catch (error) {
        throw this.failure({ phase: 'invariant', name, error });
      }
      if (!ok) out.push(name);
    }
    return out;
  }

  /** The names of the checked action invariants that the step `from --action--> to` violates. */
  violatedActionInvariants(from: S, action: A, to: S): string[] {
    const out: string[] = [];
    for (const [name, holds] of this.actionInvariants) {
      let ok: boolean;
      try {
        ok = holds(from, action, to, this.params);
      } catch (error) {
        throw this.failure({ phase: 'action-invariant', name, action, error });
      }
      if (!ok) out.push(name);
    }
    return out;
  }

  /** The names of the `reachable` properties that hold in `state`. */
  reached(state: S): string[] {
    const out: string[] = [];
    for (const [name, holds] of this.reachable) {
      let ok: boolean;
      try {
        ok = holds(state, this.params);
      } catch (error) {
        throw this.failure({ phase: 'reachable', name, error });
      }
      if (ok) out.push(name);
    }
    return out;
  }

  /**
   * Whether a state with `successorCount` successors is a deadlock: none, deadlocks are checked, and the
   * model's `terminal` does not call it a proper end.
   */
  isDeadlock(state: S, successorCount: number): boolean {
    if (successorCount > 0 || !this.checks.deadlock) return false;
    const terminal = this.model.terminal;
    if (terminal === undefined) return true;
    try {
      return !terminal(state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'terminal', error });
    }
  }

  /** Who takes `action`. */
  actorOf(action: A): string | undefined {
    return actorOf(action, this.model, this.params);
  }

  /** The coded error for a failure of the model, as the breadth-first search words it. */
  failure(failure: RawFailure): InterleaveError {
    return describeFailure(this.model, failure);
  }

  /**
   * Fingerprints a state (`action`: the step that produced it, for the error). `raw`: the state itself even
   * under symmetry (to tell whether the model changed it).
   */
  private fingerprintOf(state: unknown, action: A | undefined, raw = false): string {
    const actionInfo = action !== undefined ? { action } : {};
    let value = state;
    if (!raw && this.symmetry !== undefined) {
      try {
        value = this.symmetry(state, this.params);
      } catch (error) {
        throw this.failure({ phase: 'symmetry', ...actionInfo, error });
      }
    }
    try {
      return fingerprint(value);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      // A bad representative is the symmetry hook's fault only when the state itself is a plain value.
      if (value !== state && this.isValue(state)) throw this.failure({ phase: 'symmetry', ...actionInfo, error: value });
      throw this.failure({ phase: 'value', ...actionInfo, error: state });
    }
  }

  private isValue(state: unknown): boolean {
    try {
      fingerprint(state);
      return true;
    } catch (error) {
      if (error instanceof InvalidValue) return false;
      throw error;
    }
  }
}

/** An action must be an object with a string `type` (and a string `actor` when it names one). */
function checkAction(model: AnyModel, action: unknown): void {
  const a = action as { type?: unknown; actor?: unknown } | null;
  const ok = typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a.type === 'string' && (a.actor === undefined || typeof a.actor === 'string');
  if (ok) return;
  throw new InterleaveError({
    code: 'IL301',
    message: `Model ${model.name}: actions() returned ${describe(action)} in the last state of the trace, where an action must be an object with a string \`type\`${a !== null && typeof a === 'object' && a.actor !== undefined && typeof a.actor !== 'string' ? ' and, when it names one, a string `actor`' : ''}.`,
    hint: "Return objects such as { type: 'Write', actor: 'task1', ... } from actions().",
  });
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
