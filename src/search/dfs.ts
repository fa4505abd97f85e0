import type { Action, AnyModel, Params } from '../model/types';
import type { ResolvedOptions } from '../check/options';
import type { IncompleteReason } from '../check/result';
import type { RawViolation, SearchFailure, SearchOutcome, SearchPlan } from '../check/search-outcome';
import { FingerprintStore } from '../state/fingerprint-store';
import { StateRef } from '../trace/state-ref';
import { StepEngine } from '../engine/step-engine';
import { InterleaveError } from '../errors/interleave-error';
import { WatchPhase } from '../check/search-watch';
import { reproduceFailure } from '../engine/reproduce-failure';
import { InvalidValue, ParentMemo } from '../state/fingerprint';
import { DETERMINISM_EVERY, DETERMINISM_FIRST } from '../engine/sampling';

/** Thrown to leave the search at once (why: in `stopped`, `violations` or `failure`). */
class Leave {}
const LEAVE = new Leave();

/**
 * Depth-first search over the step engine, on the calling thread: the initial states are stored and checked
 * first, then each is explored depth-first, every state expanded once. Memory is the fingerprint store (the
 * breadth-first search's, with parent pointers and action indices) plus the current path: an explicit stack of
 * (state, its actions, the index of the next one). Every check of a step (values, constraint, invariants, action
 * invariants, reachability, deadlock, the symmetry hook, IL301-IL304) is the engine's; this file decides only
 * the order. Traces are the stored tree paths, replayed by `check` as for the breadth-first search: they are
 * counterexamples, not shortest ones. A complete search stores, generates and covers as many states as the
 * breadth-first search; `statesPerDepth` counts new states by the length of the path on which they were found,
 * so `depth` is the longest path explored. With `maxDepth`, states found on a path that long are stored and
 * checked but not expanded, even if a shorter path leads to them: a bounded depth-first search may see fewer
 * states than a bounded breadth-first one.
 */
export function depthFirstSearch(model: AnyModel, params: Params, plan: SearchPlan, options: ResolvedOptions): SearchOutcome {
  return new DepthFirst(model, params, plan, options).run();
}

class DepthFirst {
  private readonly engine: StepEngine;
  private readonly store = FingerprintStore.create(1 << 12, 1);
  private readonly stopAtFirst: boolean;
  private readonly deadline: number;
  private readonly start = Date.now();
  private readonly violations: RawViolation[] = [];
  private failure: SearchFailure | undefined;
  private stopped: IncompleteReason | undefined;
  /** A state was left unexpanded at `maxDepth`. */
  private cut = false;
  private generated = 0;
  private distinct = 0;
  private readonly statesPerDepth: number[] = [];
  private readonly coverage = new Map<string, { enabled: number; distinct: number }>();
  private readonly unchanged = new Map<string, number>();
  private readonly reachable: Map<string, boolean>;
  // Indices in the engine's properties of those still checked: a violated one is reported once, then dropped.
  private invariants: number[];
  private actionInvariants: number[];
  private pendingReachable: number[];
  private deadlockFound = false;
  private peakMemory = 0;
  private expanded = 0;
  private sinceClock = 0;
  private nextProgress: number;
  // The path, one frame per state: the state, its id, its actions, the next action's index, its successors so
  // far, and its own fingerprint's lanes (of the state itself, not its representative) to tell a model that
  // changed it (IL304).
  private top = -1;
  private readonly states: unknown[] = [];
  private readonly ids: number[] = [];
  private readonly actions: (readonly Action[])[] = [];
  private readonly next: number[] = [];
  private readonly successors: number[] = [];
  private readonly raw1: number[] = [];
  private readonly raw2: number[] = [];
  private readonly fp = new Int32Array(2);
  /** Without symmetry, successors are fingerprinted relative to their parent, the state of frame `memoFrame`. */
  private readonly memo = new ParentMemo();
  private memoFrame = -1;
  // The coverage tally last used for the action at each index, and its type (see `tally`).
  private readonly coverageAt: ({ enabled: number; distinct: number } | undefined)[] = [];
  private readonly coverageType: (string | undefined)[] = [];
  private readonly lanes = new Int32Array(2);
  /** While a successor is checked (constraint, invariants, reachability): its parent's id and action index; -2 otherwise. */
  private checkingParent = -2;
  private checkingIndex = 0;

  constructor(
    model: AnyModel,
    params: Params,
    plan: SearchPlan,
    private readonly options: ResolvedOptions,
  ) {
    this.engine = new StepEngine(model, params, {
      invariants: plan.invariants.map(([n]) => n),
      actionInvariants: plan.actionInvariants.map(([n]) => n),
      reachable: plan.reachable.map(([n]) => n),
      deadlock: plan.deadlock,
      symmetry: options.symmetry && model.symmetry !== undefined,
    });
    this.stopAtFirst = !options.continue;
    this.deadline = options.timeLimitMs < Infinity ? this.start + options.timeLimitMs : Infinity;
    this.nextProgress = this.start + 1000;
    this.reachable = new Map(plan.reachable.map(([name]) => [name, false]));
    this.invariants = plan.invariants.map((_, k) => k);
    this.actionInvariants = plan.actionInvariants.map((_, k) => k);
    this.pendingReachable = plan.reachable.map((_, k) => k);
  }

  run(): SearchOutcome {
    const watch = this.options.watch;
    watch?.storeChanged(this.store.buffers);
    try {
      watch?.phase(WatchPhase.init);
      const inits = this.engine.initialStates();
      // Stored and checked first, as the breadth-first search's first level: a broken initial state is found first.
      const roots: [unknown, number][] = [];
      for (let i = 0; i < inits.length; i++) {
        const state = (inits[i] as { state: unknown }).state;
        this.engine.fingerprintInto(state, this.fp);
        const id = this.visit(undefined, undefined, state, -1, i);
        if (id >= 0) roots.push([state, id]);
      }
      for (const [state, id] of roots) {
        // `push` reads the state's own fingerprint from `fp` (without symmetry).
        this.engine.fingerprintInto(state, this.fp);
        this.push(state, id, 1);
        this.explore();
      }
      if (this.cut) this.stopped = 'max-depth';
    } catch (error) {
      if (error instanceof InterleaveError) this.failure = this.failed(error);
      else if (!(error instanceof Leave)) throw error;
    }
    watch?.phase(WatchPhase.idle);
    this.memo.forget();
    this.store.flush();
    this.sampleMemory();
    return {
      store: this.store,
      violations: this.violations,
      ...(this.failure ? { failure: this.failure } : {}),
      ...(this.stopped && !this.failure ? { stopped: this.stopped } : {}),
      generatedStates: this.generated,
      statesPerDepth: this.statesPerDepth,
      coverage: this.coverage,
      unchanged: this.unchanged,
      reachable: this.reachable,
      peakMemoryBytes: this.peakMemory,
      spilledBytes: 0,
      threadsUsed: 0,
    };
  }

  /** Where the engine's coded error was met: the successor being checked, or the state being expanded. */
  private failed(error: InterleaveError): SearchFailure {
    if (this.checkingParent > -2) return { at: new StateRef(this.checkingParent, this.checkingIndex), error };
    if (this.top < 0) return { error };
    return { at: StateRef.stored(this.store, this.ids[this.top] as number), error };
  }

  /** Expands the path's states, deepest first, until the path is empty. */
  private explore(): void {
    const { engine, fp } = this;
    const watch = this.options.watch;
    const symmetric = engine.symmetric;
    while (this.top >= 0) {
      const t = this.top;
      const actions = this.actions[t] as readonly Action[];
      const a = this.next[t] as number;
      if (a === actions.length) {
        this.close(t);
        // Popped: the state and its actions are garbage once no deeper frame holds them.
        this.states[t] = undefined;
        this.actions[t] = [];
        if (this.memoFrame >= t) this.memoFrame = -1;
        this.top--;
        continue;
      }
      this.next[t] = a + 1;
      const state = this.states[t];
      const id = this.ids[t] as number;
      const action = actions[a] as Action;
      watch?.expanding(id);
      watch?.callingNext(a);
      const succ = engine.next(state, action);
      watch?.returned();
      if (succ === undefined) continue;
      this.successors[t] = (this.successors[t] as number) + 1;
      if (symmetric) engine.fingerprintInto(succ, fp, action);
      else this.relative(t, succ, action);
      const h1 = fp[0] as number;
      const h2 = fp[1] as number;
      // A step back to the state itself (counted without symmetry, where lanes are of the state itself).
      if (!symmetric && h1 === this.raw1[t] && h2 === this.raw2[t]) this.unchanged.set(action.type, (this.unchanged.get(action.type) ?? 0) + 1);
      const sid = this.visit(state, action, succ, id, a);
      if (sid >= 0) this.push(succ, sid, t + 2);
    }
  }

  /** The fingerprint of `succ`, a successor of frame `t`'s state, into `fp`, relative to that state (`ParentMemo`). */
  private relative(t: number, succ: unknown, action: Action): void {
    const memo = this.memo;
    if (this.memoFrame !== t) {
      try {
        memo.remember(this.states[t]);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        this.changed([this.ids[t] as number]);
      }
      // The state was a plain value with these lanes when it was stored: other lanes mean it was changed in place.
      if (memo.parent[0] !== this.raw1[t] || memo.parent[1] !== this.raw2[t]) this.changed([this.ids[t] as number]);
      this.memoFrame = t;
    }
    try {
      memo.fingerprintInto(succ, this.fp);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      // Not a plain value: the engine says what is wrong with it.
      this.engine.fingerprintInto(succ, this.fp, action);
    }
  }

  /**
   * A successor (or an initial state: no `from`), fingerprinted in `fp`: counted, checked, and stored if it is
   * new and inside the constraint. Returns its id, or -1 when it is not to be expanded from here.
   */
  private visit(from: unknown, action: Action | undefined, succ: unknown, parent: number, a: number): number {
    const { engine, store } = this;
    const h1 = this.fp[0] as number;
    const h2 = this.fp[1] as number;
    this.generated++;
    let cov: { enabled: number; distinct: number } | undefined;
    if (action !== undefined) {
      cov = this.tally(action, a);
      cov.enabled++;
      if (this.actionInvariants.length > 0) this.checkStep(from, action, succ, parent, a);
    }
    this.checkingParent = parent;
    this.checkingIndex = a;
    if (!engine.inside(succ)) {
      // Checked, neither stored nor expanded (TLC's CONSTRAINT).
      this.checkingParent = -2;
      this.checkValue(succ, action);
      this.checkingParent = parent;
      this.checkState(succ, parent, a);
      this.checkingParent = -2;
      return -1;
    }
    this.checkingParent = -2;
    if (store.mustPause(a)) this.grow(a);
    const id = store.add(h1, h2, parent, a);
    if (id < 0) return -1;
    this.checkValue(succ, action);
    this.distinct++;
    if (cov !== undefined) cov.distinct++;
    const depth = parent < 0 ? 0 : this.top + 1;
    this.statesPerDepth[depth] = (this.statesPerDepth[depth] ?? 0) + 1;
    this.checkingParent = parent;
    this.checkState(succ, parent, a);
    this.checkingParent = -2;
    if (this.distinct >= this.options.maxStates) this.stop('max-states');
    return id;
  }

  /**
   * The coverage tally of the type of `action`, at index `a` of the actions: actions at an index usually keep their
   * type. The breadth-first expander has its own copy (`LevelExpander.tally`): one function shared by both, in a
   * module of its own, cost 0.5% to 0.8% more instructions in the breadth-first loop (TwoPhase RM=6).
   */
  private tally(action: Action, a: number): { enabled: number; distinct: number } {
    let cov = this.coverageType[a] === action.type ? this.coverageAt[a] : undefined;
    if (cov === undefined) {
      cov = this.coverage.get(action.type);
      if (cov === undefined) this.coverage.set(action.type, (cov = { enabled: 0, distinct: 0 }));
      this.coverageAt[a] = cov;
      this.coverageType[a] = action.type;
    }
    return cov;
  }

  /**
   * A state kept (stored, or checked outside the constraint) must be a plain value: with symmetry the engine
   * fingerprinted its representative, and without it `ParentMemo` leaves its top-level containers unchecked.
   */
  private checkValue(state: unknown, action: Action | undefined): void {
    if (!this.engine.rawFingerprintInto(state, this.lanes)) {
      throw this.engine.failure({ phase: 'value', ...(action !== undefined ? { action } : {}), error: state });
    }
  }

  /** Puts a stored state on the path at `depth` (initial states: 1), unless it is too deep to expand. */
  private push(state: unknown, id: number, depth: number): void {
    if (depth >= this.options.maxDepth) {
      this.cut = true;
      return;
    }
    this.tick();
    const { engine } = this;
    const t = ++this.top;
    this.states[t] = state;
    this.ids[t] = id;
    this.next[t] = 0;
    this.successors[t] = 0;
    // Without symmetry the fingerprint in `fp` is of the state itself.
    if (!engine.symmetric) this.lanes.set(this.fp);
    else engine.rawFingerprintInto(state, this.lanes);
    this.raw1[t] = this.lanes[0] as number;
    this.raw2[t] = this.lanes[1] as number;
    this.options.watch?.expanding(id);
    this.actions[t] = engine.actions(state);
  }

  /** After every successor of the path's frame `t` was computed: determinism (sampled), IL304, deadlock. */
  private close(t: number): void {
    const { engine } = this;
    const state = this.states[t];
    const id = this.ids[t] as number;
    const actions = this.actions[t] as readonly Action[];
    const n = this.expanded++;
    if (n < DETERMINISM_FIRST || (n & (DETERMINISM_EVERY - 1)) === 0) {
      const a = engine.nondeterministicAt(state, actions);
      if (a === -2) this.changed([id]);
      if (a >= 0) throw engine.nondeterministicNext(actions[a] as Action);
    }
    const same = engine.rawFingerprintInto(state, this.lanes) && this.lanes[0] === this.raw1[t] && this.lanes[1] === this.raw2[t];
    if (!same) this.changed([id]);
    if (this.successors[t] === 0 && !this.deadlockFound && engine.isDeadlock(state, 0)) {
      this.verifyPath();
      this.deadlockFound = true;
      this.violations.push({ kind: 'deadlock', name: 'Deadlock', at: StateRef.stored(this.store, id) });
      if (this.stopAtFirst) this.leave();
    }
  }

  /**
   * Before a violation is reported or the search stops: every state on the path is as it was when it was put
   * there. States share parts, so a model that changes the state it is given may have changed any of them (and
   * the trace would show states that were never reached); each state is also checked when its frame closes.
   */
  private verifyPath(): void {
    const changed: number[] = [];
    for (let t = this.top; t >= 0; t--) {
      const same = this.engine.rawFingerprintInto(this.states[t], this.lanes) && this.lanes[0] === this.raw1[t] && this.lanes[1] === this.raw2[t];
      if (!same) changed.push(this.ids[t] as number);
    }
    if (changed.length > 0) this.changed(changed);
  }

  /**
   * The model changed stored states `ids` in place (IL304): which call does it is found on fresh copies, replayed
   * from the initial state, as for the breadth-first search. States that share the changed part all changed, so
   * each is tried, deepest first, for one whose own calls change it again.
   */
  private changed(ids: readonly number[]): never {
    const error = { name: 'Error', message: 'the state changed while its successors were computed' };
    const unnamed = this.engine.failure({ phase: 'mutation', error: undefined }).message;
    const tried = ids.map((id) => reproduceFailure(this.engine, this.store, id, { phase: 'mutation', error }, -1));
    this.failure = tried.find((f) => f.error.message !== unnamed) ?? tried[0];
    this.leave();
  }

  private checkStep(from: unknown, action: Action, succ: unknown, parent: number, a: number): void {
    const engine = this.engine;
    for (const k of this.actionInvariants) {
      if (engine.stepHolds(k, from, action, succ)) continue;
      this.verifyPath();
      this.actionInvariants = this.actionInvariants.filter((q) => q !== k);
      this.violations.push({ kind: 'action-invariant', name: engine.actionInvariantName(k), at: new StateRef(parent, a) });
      if (this.stopAtFirst) this.leave();
    }
  }

  /** Invariants, then reachability. */
  private checkState(succ: unknown, parent: number, a: number): void {
    const engine = this.engine;
    for (const k of this.invariants) {
      if (engine.holds(k, succ)) continue;
      this.verifyPath();
      this.invariants = this.invariants.filter((q) => q !== k);
      this.violations.push({ kind: 'invariant', name: engine.invariantName(k), at: new StateRef(parent, a) });
      if (this.stopAtFirst) this.leave();
    }
    for (const k of this.pendingReachable) {
      if (!engine.isReached(k, succ)) continue;
      this.pendingReachable = this.pendingReachable.filter((q) => q !== k);
      this.reachable.set(engine.reachableName(k), true);
    }
  }

  /** The clock (every 64 states), progress and the watcher's interrupt (about once a second). */
  private tick(): void {
    if (++this.sinceClock < 64) return;
    this.sinceClock = 0;
    const now = Date.now();
    if (now >= this.deadline) this.stop('time-limit');
    if (now < this.nextProgress) return;
    this.nextProgress = now + 1000;
    this.sampleMemory();
    if (this.options.watch?.interrupted) this.stop('interrupted');
    this.options.onProgress?.({ distinctStates: this.distinct, generatedStates: this.generated, queue: this.top + 1, depth: this.statesPerDepth.length, elapsedMs: now - this.start });
  }

  private grow(action: number): void {
    // By half again, as the breadth-first search grows it when adders pause.
    this.store.grow(1024, action);
    this.options.watch?.storeChanged(this.store.buffers);
  }

  private sampleMemory(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakMemory) this.peakMemory = rss;
  }

  private stop(why: IncompleteReason): never {
    this.verifyPath();
    this.stopped = why;
    this.leave();
  }

  private leave(): never {
    throw LEAVE;
  }
}
