import type { Action, ActionPredicate, AnyModel, Params, StatePredicate } from '../model/types';
import type { RawFailure } from '../check/search-outcome';
import { describeFailure } from '../check/describe-failure';
import { fingerprint, fingerprintInto, InvalidValue } from '../state/fingerprint';
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
  // Scratch lanes of `nondeterministicAt`.
  private scratch = new Int32Array(64);
  private readonly lanes = new Int32Array(2);
  private readonly raw = new Int32Array(2);
  // The list of actions last checked (see `actions`).
  private checkedActions: readonly unknown[] | undefined;
  private checkedLength = 0;

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
    // Models often return the same list in every state (or in many): checked once while it is returned again.
    if (actions !== this.checkedActions || actions.length !== this.checkedLength) {
      for (const action of actions as unknown[]) checkAction(this.model, action);
      this.checkedActions = actions;
      this.checkedLength = actions.length;
    }
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
    if (this.fingerprintOf(state, undefined, true) !== before) throw this.changedInPlace(state);
    return out;
  }

  /**
   * The successor of `state` by `action` (at `index` in its actions), or `undefined` when `next` does not
   * enable it. `parentFingerprint`, when known, saves hashing the parent again to tell a stutter.
   */
  step(state: S, action: A, index: number, parentFingerprint?: string): Successor<S, A> | undefined {
    const parent = parentFingerprint ?? this.fingerprintOf(state, undefined, true);
    let next: unknown;
    try {
      next = this.model.next(state, action, this.params);
    } catch (error) {
      throw this.failure({ phase: 'next', action, error });
    }
    if (next === undefined) return undefined;
    let fp: string;
    try {
      fp = this.fingerprintOf(next, action);
    } catch (error) {
      // A successor that shares a part of `state` that `next` changed: the change is the fault to name.
      if (!this.isValue(state) || fingerprint(state) !== parent) throw this.failure({ phase: 'mutation', action, error: 'next' });
      throw error;
    }
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
    for (let k = 0; k < this.invariants.length; k++) if (!this.holds(k, state)) out.push(this.invariantName(k));
    return out;
  }


  /** The names of the checked action invariants that the step `from --action--> to` violates. */
  violatedActionInvariants(from: S, action: A, to: S): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.actionInvariants.length; k++) if (!this.stepHolds(k, from, action, to)) out.push(this.actionInvariantName(k));
    return out;
  }


  /** The names of the `reachable` properties that hold in `state`. */
  reached(state: S): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.reachable.length; k++) if (this.isReached(k, state)) out.push(this.reachableName(k));
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

  // The hot path of drivers that keep their own fingerprints (the breadth-first search, the liveness graph): no
  // allocation, a coded error thrown where the model fails. Properties are addressed by their index in the
  // names the engine was built with, so that a driver can drop the ones it no longer checks.

  /** The successor of `state` by `action`, not fingerprinted; `undefined` when `next` does not enable it. */
  next(state: S, action: A): S | undefined {
    try {
      return this.model.next(state, action, this.params) as S | undefined;
    } catch (error) {
      throw this.failure({ phase: 'next', action, error });
    }
  }

  /**
   * What the model's `next` returns for `action` in `state`, or throws: for a driver that reports a throwing
   * `next` itself (the breadth-first search, whose failures are replayed and worded by `reproduceFailure`). A
   * call and nothing else, so that the search loop that calls it millions of times inlines it whole.
   */
  nextRaw(state: S, action: A): S | undefined {
    return this.model.next(state, action, this.params) as S | undefined;
  }

  /**
   * The fingerprint of `state` (of its representative under symmetry) into `out` as two 32-bit lanes, those of
   * `fingerprint`; `action`: the step that produced it, named in the error when it is no plain value.
   */
  fingerprintInto(state: S, out: Int32Array, action?: A): void {
    if (this.symmetry === undefined) {
      try {
        fingerprintInto(state, out);
        return;
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
      }
    }
    const hex = this.fingerprintOf(state, action);
    out[0] = parseInt(hex.slice(0, 8), 16) | 0;
    out[1] = parseInt(hex.slice(8), 16) | 0;
  }

  /** The fingerprint of `state` itself (no symmetry) into `out`; false if it is not a plain value. */
  rawFingerprintInto(state: unknown, out: Int32Array): boolean {
    try {
      fingerprintInto(state, out);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      return false;
    }
    return true;
  }

  /** The value fingerprinted for `state`: its representative under symmetry (the model's hook), else itself. */
  representative(state: S): unknown {
    if (this.symmetry === undefined) return state;
    try {
      return this.symmetry(state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'symmetry', error });
    }
  }

  /** Whether the model has a constraint (states outside it are checked, not expanded). */
  get constrained(): boolean {
    return this.model.constraint !== undefined;
  }

  /** Whether fingerprints are of symmetry representatives. */
  get symmetric(): boolean {
    return this.symmetry !== undefined;
  }

  get invariantCount(): number {
    return this.invariants.length;
  }

  invariantName(k: number): string {
    return (this.invariants[k] as readonly [string, unknown])[0];
  }

  /** Whether the checked invariant at `k` holds in `state`. */
  holds(k: number, state: S): boolean {
    // Indexed, not destructured: no iterator on the hot path.
    const entry = this.invariants[k] as readonly [string, StatePredicate<unknown, Params>];
    try {
      return entry[1](state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'invariant', name: entry[0], error });
    }
  }

  get actionInvariantCount(): number {
    return this.actionInvariants.length;
  }

  actionInvariantName(k: number): string {
    return (this.actionInvariants[k] as readonly [string, unknown])[0];
  }

  /** Whether the checked action invariant at `k` holds on the step `from --action--> to`. */
  stepHolds(k: number, from: S, action: A, to: S): boolean {
    const entry = this.actionInvariants[k] as readonly [string, ActionPredicate<unknown, Action, Params>];
    try {
      return entry[1](from, action, to, this.params);
    } catch (error) {
      throw this.failure({ phase: 'action-invariant', name: entry[0], action, error });
    }
  }

  get reachableCount(): number {
    return this.reachable.length;
  }

  reachableName(k: number): string {
    return (this.reachable[k] as readonly [string, unknown])[0];
  }

  /** Whether the `reachable` property at `k` holds in `state`. */
  isReached(k: number, state: S): boolean {
    const entry = this.reachable[k] as readonly [string, StatePredicate<unknown, Params>];
    try {
      return entry[1](state, this.params);
    } catch (error) {
      throw this.failure({ phase: 'reachable', name: entry[0], error });
    }
  }

  /**
   * Calls `next` twice for each of `actions` in `state` and compares what it gives the second time with the
   * first: the index of the first action whose two results differ, -2 if they differ because `next` changed
   * `state`, or -1. A model that draws from a random source or
   * a clock, or keeps a variable outside its states, is caught here during the search (drivers call it on a
   * sample of states), before a trace of it is printed.
   */
  nondeterministicAt(state: S, actions: readonly A[]): number {
    const n = actions.length;
    const before = this.raw;
    if (!this.rawFingerprintInto(state, before)) return -1;
    if (this.scratch.length < 2 * n) this.scratch = new Int32Array(4 * n);
    const lanes = this.scratch;
    const fp = this.lanes;
    for (let round = 0; round < 2; round++) {
      for (let a = 0; a < n; a++) {
        const succ = this.next(state, actions[a] as A);
        let h1 = 0;
        let h2 = 0;
        if (succ !== undefined) {
          // Not a plain value: the search reports that itself.
          if (!this.rawFingerprintInto(succ, fp)) return -1;
          h1 = fp[0] as number;
          h2 = fp[1] as number;
          // 0, 0 stands for "not enabled".
          if (h1 === 0 && h2 === 0) h2 = 1;
        }
        if (round === 0) {
          lanes[2 * a] = h1;
          lanes[2 * a + 1] = h2;
        } else if (lanes[2 * a] !== h1 || lanes[2 * a + 1] !== h2) return this.changed(state) ? -2 : a;
      }
    }
    return -1;
  }

  /** Whether `state` no longer has the lanes `raw` holds (or is no plain value any more). */
  private changed(state: S): boolean {
    const h1 = this.raw[0];
    const h2 = this.raw[1];
    return !this.rawFingerprintInto(state, this.lanes) || this.lanes[0] !== h1 || this.lanes[1] !== h2;
  }

  /** IL303 for `next` giving two different results for `action` in the same state (see `nondeterministicAt`). */
  nondeterministicNext(action: A): InterleaveError {
    return this.failure({ phase: 'nondeterministic', action, error: undefined });
  }

  /**
   * The coded error for a model that changed `state` in place (IL304), naming the call that does it again:
   * `actions`, or `next` for the first action that does; neither when no call does it again.
   */
  changedInPlace(state: S): InterleaveError {
    const raw = (): string => {
      try {
        return fingerprint(state);
      } catch {
        return 'not a plain value';
      }
    };
    const before = raw();
    let actions: readonly A[];
    try {
      actions = this.model.actions(state, this.params) as readonly A[];
    } catch {
      return this.failure({ phase: 'mutation', error: undefined });
    }
    if (raw() !== before) return this.failure({ phase: 'mutation', error: 'actions' });
    for (const action of Array.isArray(actions) ? actions : []) {
      try {
        this.model.next(state, action, this.params);
      } catch {
        // Not what is looked for here; the state may have changed all the same.
      }
      if (raw() !== before) return this.failure({ phase: 'mutation', action, error: 'next' });
    }
    return this.failure({ phase: 'mutation', error: undefined });
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
