import type { Action, AnyModel, Params } from '../../model/types';
import type { RawFailure } from '../../check/search-outcome';
import type { FingerprintStore } from '../../state/fingerprint-store';
import type { ExpanderPlan, Interruption, LevelReport, Moved, WireError, WireEvent } from './parallel/protocol';
import { fingerprintInto, InvalidValue, ParentMemo, type EntryHints } from '../../state/fingerprint';
import { Frontier } from './frontier';
import { MovedReader, MovedWriter } from './parallel/moved-states';
import { StepEngine } from '../../engine/step-engine';
import { CHANGE_CHECK_EVERY, DETERMINISM_EVERY, DETERMINISM_FIRST } from '../../engine/sampling';
import { WatchPhase, type SearchWatch } from '../../check/search-watch';
import { GraphRecorder } from '../../liveness/graph-recorder';
import { SwitchRecorder } from '../switches/switch-recorder';
import { targetKey } from '../switches/target';

/** Thrown inside an expansion to leave it at once (the reason is in `interrupted`). */
class Leave {}
const LEAVE = new Leave();

/** What a property broken with a switch recorder does to the check in progress (see `brokenWithSwitches`). */
const enum Kept {
  /** Not kept (the recorder has given up): dropped as without one. */
  no,
  /** Kept: go on with the next property. */
  continue,
  /** The search finishes the level for this property alone: the other properties are no longer checked. */
  finish,
}

/** Successors fingerprinted before any is stored (see `expand`). */
const BATCH = 64;

export function wireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/**
 * One thread's part of a breadth-first level over a shared store: it expands the states it holds (its
 * frontier, after any states moved to it), adds their successors to the store itself, checks the new ones
 * and keeps them for the next level. What a step is (calling the model, checking what it returns, properties,
 * constraint, deadlock, the coded errors) is the step engine's; the expander keeps what makes it fast: the
 * fingerprint memo relative to the parent with the frontier's decoded-entry hints, batched table reads, and
 * successors known to be stored (the parent itself, or found in their first slot) only counted. Alone on one
 * thread it visits states in a fixed order, whatever the number of threads a search may use.
 *
 * `run` returns a report at the end of the part, or earlier: when the store must grow (`pause`: the expansion
 * resumes where it was, the successor at hand computed again), or when the search stops (an event that ends it,
 * a bound, or the stop flag raised by another thread).
 */
export class LevelExpander {
  readonly frontier: Frontier;
  private readonly engine: StepEngine;
  // Indices in the engine's properties of those still checked (a violated one is dropped).
  private invariants: number[];
  private actionInvariants: number[];
  private reachable: number[];
  private deadlockFound = false;
  private readonly memo = new ParentMemo();
  private readonly fp = new Int32Array(2);
  // The state being expanded is checked for changes (see CHANGE_CHECK_EVERY); the first one is.
  private sinceChangeCheck = CHANGE_CHECK_EVERY - 1;
  private changeCheck = false;
  private expandedStates = 0;
  private determinismCheck = false;
  private readonly before = new Int32Array(2);
  private readonly after = new Int32Array(2);
  // The successors of one batch (see `expand`), their fingerprints and action indices.
  private readonly batch: unknown[] = new Array<unknown>(BATCH).fill(undefined);
  private readonly batchLanes = new Int32Array(2 * BATCH);
  private readonly batchActions = new Int32Array(BATCH);
  /** 1 where the batch's successor is known to be stored: the state being expanded, or one found at once (see `expand`). */
  private readonly batchStored = new Uint8Array(BATCH);
  /** With a recorder: the ids of the batch's successors found stored. */
  private readonly batchIds = new Int32Array(BATCH);
  /** Records the state graph for the liveness analysis (see `ExpanderPlan.record`). */
  private readonly recorder: GraphRecorder | undefined;
  /** Keeps actor switches for `--fewest-switches` (see `ExpanderPlan.switches`). */
  readonly switches: SwitchRecorder | undefined;
  /** The store gives the ids of successors found stored (for a recorder). */
  private readonly withIds: boolean;
  /**
   * With `switches`, after the first counterexample of a search that stops there: the rest of its level is
   * expanded for counterexamples with fewer switches, checking only the property broken (see `SwitchRecorder`).
   */
  private finishing = false;
  /** While finishing: the state at hand may only do better by steps of the actors it was last reached by. */
  private ownActorsOnly = false;
  /** With `switches`: deadlocks are still collected (the first was found in this level). */
  private deadlockOpen = false;
  /** While finishing: the actions of the state at hand, computed to decide whether to expand it. */
  private prefetched: readonly Action[] | undefined;
  private readonly validated = new Int32Array(2);
  private readonly symmetry: boolean;
  // Where the expansion is: moved states first, then the frontier; the state at hand, its actions and the next one.
  private extra: MovedReader | undefined;
  private state: unknown = undefined;
  private id = -1;
  private actions: readonly Action[] | undefined;
  private a = 0;
  private successors = 0;
  private sinceClock = 0;
  /** The part of the level is expanded; the frontier advances when the next level begins. */
  private done = false;
  // Tallies since the last report.
  private generated = 0;
  private found = 0;
  /** Per action type: successors, new states, steps back to the same state (without symmetry). */
  private coverage = new Map<string, [number, number, number]>();
  // The tally last used for the action at each index and its type: actions at an index usually keep their type.
  private coverageAt: ([number, number, number] | undefined)[] = [];
  private coverageType: (string | undefined)[] = [];
  private events: WireEvent[] = [];
  private interrupted: Interruption | undefined;
  /** Called every 64 states expanded, between two states (progress reports, requests to donate states). */
  onTick: (() => void) | undefined;
  /** Called as a report is made, before the tallies start again from zero. */
  onReport: (() => void) | undefined;
  private spillReported = 0;
  /** Set on the search's own thread when another thread watches it (see `SearchWatch`). */
  watch: SearchWatch | undefined;

  constructor(
    model: AnyModel,
    params: Params,
    private readonly plan: ExpanderPlan,
    private readonly store: FingerprintStore,
    memoryBytes: number,
    spillDir: string | undefined,
  ) {
    this.frontier = new Frontier(memoryBytes, spillDir);
    const engine = (this.engine = new StepEngine(model, params, plan));
    this.invariants = plan.invariants.map((_, k) => k);
    this.actionInvariants = plan.actionInvariants.map((_, k) => k);
    this.reachable = plan.reachable.map((_, k) => k);
    this.symmetry = engine.symmetric;
    this.recorder = plan.record === undefined ? undefined : new GraphRecorder(model, params, plan.record, (phase, parent, a, error, name) => this.fail(phase, parent, a, error, name));
    this.switches = plan.switches ? new SwitchRecorder(engine) : undefined;
    this.withIds = this.recorder !== undefined || this.switches !== undefined;
  }

  /** Successors computed since the last report. */
  get unreported(): number {
    return this.generated;
  }

  /** Starts a level: forgets properties no longer checked, takes moved states to expand first. */
  begin(inactive: readonly string[], deadlockFound: boolean, extra: Moved | undefined): void {
    this.advanceIfDone();
    if (inactive.length > 0) {
      const gone = new Set(inactive);
      const engine = this.engine;
      this.invariants = this.invariants.filter((k) => !gone.has(engine.invariantName(k)));
      this.actionInvariants = this.actionInvariants.filter((k) => !gone.has(engine.actionInvariantName(k)));
      this.reachable = this.reachable.filter((k) => !gone.has(engine.reachableName(k)));
    }
    if (deadlockFound) this.deadlockFound = true;
    this.deadlockOpen = false;
    this.switches?.beginLevel();
    this.extra = extra === undefined ? undefined : new MovedReader(extra);
  }

  /** Takes `count` states of the level about to be expanded (to move them to other threads). */
  give(count: number): Moved {
    this.advanceIfDone();
    return this.take(count);
  }

  /** More states of the level being expanded, moved from another thread: expanded next. */
  more(extra: Moved): void {
    this.extra = new MovedReader(extra);
  }

  /**
   * Half the states of this level not yet expanded, at most 1024 (none if only a few are left), to move to a
   * thread that has run out; called while the level is being expanded, between two states.
   */
  donate(): Moved {
    const left = (this.extra?.left ?? 0) + this.frontier.left;
    // A bounded share: the thread that asked comes back for more.
    return this.take(left < 16 ? 0 : Math.min(left >> 1, 1024));
  }

  /** Takes `count` states of the current level: moved states first, then the frontier. */
  private take(count: number): Moved {
    const out = new MovedWriter();
    const extra = this.extra;
    let n = 0;
    while (n < count && extra !== undefined && extra.take()) {
      out.add(extra.state, extra.id);
      n++;
    }
    while (n < count && this.frontier.take()) {
      out.add(this.frontier.state, this.frontier.id);
      n++;
    }
    return out.finish();
  }

  /** The successors of a finished level become the level to expand. */
  private advanceIfDone(): void {
    if (!this.done) return;
    this.done = false;
    this.frontier.advance();
  }

  /** Expands until the part is done, a pause or a stop; see the class comment. */
  run(): LevelReport {
    this.interrupted = undefined;
    try {
      this.expand();
      if (this.finishing) this.finishRest();
    } catch (error) {
      if (!(error instanceof Leave)) throw error;
    }
    return this.report();
  }

  /** The tallies since the last report, which start again from zero. */
  private report(): LevelReport {
    this.store.flush();
    this.watch?.phase(WatchPhase.idle);
    this.onReport?.();
    const report: LevelReport = {
      type: 'level',
      generated: this.generated,
      found: this.found,
      coverage: [...this.coverage].map(([type, [enabled, distinct, unchanged]]) => [type, enabled, distinct, unchanged] as const),
      events: this.events,
      ...(this.interrupted ? { interrupted: this.interrupted } : {}),
      ...(this.interrupted === 'pause' ? { pauseAction: this.a } : {}),
      held: this.interrupted ? 0 : this.frontier.pending - this.frontier.left,
      spilledBytes: this.frontier.spilledBytes - this.spillReported,
      ...(this.recorder !== undefined ? { graph: this.recorder.take() } : {}),
    };
    this.spillReported = this.frontier.spilledBytes;
    this.generated = 0;
    this.found = 0;
    this.coverage = new Map();
    this.coverageAt = [];
    this.coverageType = [];
    this.events = [];
    return report;
  }

  /** Frees the frontier (and its files). */
  close(): void {
    this.memo.forget();
    this.frontier.close();
  }

  private leave(why: Interruption): never {
    this.interrupted = why;
    if (why !== 'pause') this.store.stop();
    throw LEAVE;
  }

  /** Ends the search here with a failure of the model. */
  private fail(phase: RawFailure['phase'], parent: number, a: number, error: unknown, name?: string): never {
    this.events.push({ kind: 'failure', phase, parent, a, error: wireError(error), ...(name !== undefined ? { name } : {}) });
    this.leave('stop');
  }

  /** Between two states: the stop flag, the clock, the tick. */
  private between(): void {
    const { store, plan } = this;
    if (store.stopped) this.leave('stop');
    if (++this.sinceClock >= 64) {
      this.sinceClock = 0;
      if (plan.deadline < Infinity && Date.now() >= plan.deadline) this.leave('time-limit');
      this.onTick?.();
    }
  }

  /** The next state of the part (moved states first, then the frontier) into `state` and `id`; false when the part is done. */
  private takeNext(): boolean {
    const extra = this.extra;
    if (extra !== undefined && extra.take()) {
      this.state = extra.state;
      this.id = extra.id;
      return true;
    }
    const frontier = this.frontier;
    this.extra = undefined;
    if (frontier.take()) {
      this.state = frontier.state;
      this.id = frontier.id;
      return true;
    }
    this.state = undefined;
    this.memo.forget();
    // The next level starts with `begin` (states of this one may still be moved here meanwhile).
    this.done = true;
    return false;
  }

  /**
   * Takes the next state to expand (moved states first, then the frontier) and its actions; false when the part
   * of the level is done. Once per state, apart from `expand`, whose loop over successors stays small enough for
   * V8 to inline what it calls there.
   */
  private takeState(): boolean {
    const { engine } = this;
    this.between();
    let hints: EntryHints | undefined;
    if (!this.takeNext()) return false;
    if (this.extra === undefined) hints = this.frontier.top;
    if (!this.symmetry) {
      try {
        this.memo.remember(this.state, hints);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        // A stored state is a plain value: if this one is not, a part it shares with an earlier one was changed.
        this.fail('mutation', this.id, -1, error);
      }
    }
    if (++this.sinceChangeCheck >= CHANGE_CHECK_EVERY) {
      this.sinceChangeCheck = 0;
      this.changeCheck = true;
      // Without symmetry the memo has just hashed the state: its lanes are those of `lanesInto`.
      if (!this.symmetry) this.before.set(this.memo.parent);
      else if (!this.lanesInto(this.state, this.before)) this.fail('mutation', this.id, -1, new Error('a state was changed after it was stored'));
    }
    this.watch?.expanding(this.id);
    try {
      this.actions = engine.actions(this.state);
    } catch (error) {
      this.fail('actions', this.id, -1, error);
    }
    this.recorder?.begin(this.id);
    this.determinismCheck = this.expandedStates++ < DETERMINISM_FIRST || (this.expandedStates & (DETERMINISM_EVERY - 1)) === 0;
    this.a = 0;
    this.successors = 0;
    return true;
  }

  /** While finishing a level (see `finishing`): its remaining states, each skipped or checked by `finishExpansion`. */
  private finishRest(): void {
    for (;;) {
      this.between();
      if (!this.takeNext()) return;
      if (!this.worthFinishing()) continue;
      this.watch?.expanding(this.id);
      try {
        this.actions = this.prefetched ?? this.engine.actions(this.state);
      } catch (error) {
        this.fail('actions', this.id, -1, error);
      }
      this.prefetched = undefined;
      this.finishExpansion();
    }
  }

  /** While finishing a level: whether the state just taken may lead to fewer switches (else it is skipped). */
  private worthFinishing(): boolean {
    const sw = this.switches as SwitchRecorder;
    // More actors than the recorder tells apart: the search ends here (`check` falls back to a second search).
    if (!sw.valid) this.leave('stop');
    if (!sw.worthExpanding(this.id)) {
      sw.skippedAfter++;
      return false;
    }
    // A deadlock is a state's own: its steps all count.
    this.ownActorsOnly = !this.deadlockOpen && sw.onlyOwnActors(this.id);
    if (this.ownActorsOnly) {
      // Often none of its actions is of its own actors: then it is skipped before it is fingerprinted.
      this.watch?.expanding(this.id);
      let actions: readonly Action[];
      try {
        actions = this.engine.actions(this.state);
      } catch (error) {
        this.fail('actions', this.id, -1, error);
      }
      if (!actions.some((action) => sw.keepsActor(this.id, action))) {
        sw.skippedAfter++;
        return false;
      }
      this.prefetched = actions;
    }
    sw.expandedAfter++;
    return true;
  }

  private expand(): void {
    const { engine, store, plan } = this;
    for (;;) {
      if (this.actions === undefined && !this.takeState()) return;
      const state = this.state;
      const parent = this.id;
      const actions = this.actions as readonly Action[];
      const sw = this.switches;
      const withIds = this.withIds;
      const batch = this.batch;
      const lanes = this.batchLanes;
      const at = this.batchActions;
      const stored = this.batchStored;
      // A successor with the parent's own fingerprint is the parent, stored already: a step that changes nothing.
      // Without symmetry only: the parent's lanes are the memo's, and with it fingerprints are of representatives.
      const byLanes = !this.symmetry;
      const watch = this.watch;
      const p1 = this.memo.parent[0] as number;
      const p2 = this.memo.parent[1] as number;
      while (this.a < actions.length) {
        // Up to BATCH successors are computed and fingerprinted first, then their table slots are read one after
        // the other, so that the cache misses overlap instead of coming one per successor; then each successor
        // is checked and stored in order, as if one at a time. A model error stops the batch where it happened.
        let k = 0;
        let failed: [RawFailure['phase'], number, unknown] | undefined;
        let a = this.a;
        for (; a < actions.length && k < BATCH; a++) {
          let succ: unknown;
          // No `finally`: a failure ends the expansion, and the report marks the watch idle.
          if (watch !== undefined) watch.callingNext(a);
          try {
            succ = engine.nextRaw(state, actions[a] as Action);
          } catch (error) {
            failed = ['next', a, error];
            break;
          }
          if (watch !== undefined) watch.returned();
          if (succ === undefined) continue;
          const problem = this.fingerprintOf(succ);
          if (problem !== undefined) {
            failed = [problem[0], a, problem[1]];
            break;
          }
          const h1 = this.fp[0] as number;
          const h2 = this.fp[1] as number;
          batch[k] = succ;
          at[k] = a;
          lanes[2 * k] = h1;
          lanes[2 * k + 1] = h2;
          // 2: the parent itself (a step that changes nothing), 1: found stored.
          stored[k] = byLanes && h1 === p1 && h2 === p2 ? 2 : 0;
          k++;
        }
        const rec = this.recorder;
        if (!withIds) {
          for (let i = 0; i < k; i++) if (stored[i] === 0 && store.storedFirst(lanes[2 * i] as number, lanes[2 * i + 1] as number)) stored[i] = 1;
        } else {
          // The graph needs the target of each step: the store gives the id along.
          const ids = this.batchIds;
          for (let i = 0; i < k; i++) {
            if (stored[i] !== 0) continue;
            const id = store.idFirst(lanes[2 * i] as number, lanes[2 * i + 1] as number);
            if (id < 0) continue;
            stored[i] = 1;
            ids[i] = id;
          }
        }
        for (let i = 0; i < k; i++) {
          const b = at[i] as number;
          this.a = b;
          // A successor known to be stored is not added, so it needs no room in the store.
          const known = stored[i] !== 0;
          if (!known && store.mustPause(b)) this.leave('pause');
          const succ = batch[i];
          batch[i] = undefined;
          this.successors++;
          if (withIds && stored[i] === 1) {
            const target = this.batchIds[i] as number;
            if (rec !== undefined) rec.step(target, b, actions[b] as Action);
            if (sw !== undefined) sw.step(parent, target, b, actions[b] as Action);
          }
          const cov = this.tally(actions[b] as Action, b);
          if (stored[i] === 2) cov[2]++;
          // Most successors are states stored already: with no action invariant to check, they are only counted.
          if (known && this.actionInvariants.length === 0) {
            this.generated++;
            cov[0]++;
          } else this.visit(state, actions[b] as Action, cov, succ, parent, b, lanes[2 * i] as number, lanes[2 * i + 1] as number, known);
        }
        if (failed !== undefined) this.fail(failed[0], parent, failed[1], failed[2]);
        this.a = a;
      }
      if (this.determinismCheck) this.checkDeterministic(state, parent, actions);
      if (this.changeCheck) this.checkUnchanged(state, parent);
      if (this.successors === 0 && plan.deadlock && (!this.deadlockFound || this.deadlockOpen)) this.checkDeadlock(state, parent);
      this.recorder?.end();
      this.actions = undefined;
      // The rest of the level is expanded apart (see `finishRest`).
      if (this.finishing) return;
    }
  }

  /**
   * While finishing a level for fewer switches (see `finishing`): the successors of the state at hand are checked
   * for the broken property alone, as steps (each its own counterexample, with the switches of its parent and
   * actor), and neither fingerprinted nor stored: they are not expanded, and a successor stored before the
   * first counterexample satisfies the property (else that would have been the first). The counterexample found
   * is replayed through the engine and checked again before it is reported.
   */
  private finishExpansion(): void {
    const engine = this.engine;
    const sw = this.switches as SwitchRecorder;
    const state = this.state;
    const parent = this.id;
    const actions = this.actions as readonly Action[];
    const ownOnly = this.ownActorsOnly;
    const watch = this.watch;
    let successors = 0;
    for (let a = 0; a < actions.length; a++) {
      const action = actions[a] as Action;
      if (ownOnly && !sw.keepsActor(parent, action)) continue;
      let succ: unknown;
      if (watch !== undefined) watch.callingNext(a);
      try {
        succ = engine.nextRaw(state, action);
      } catch (error) {
        this.fail('next', parent, a, error);
      }
      if (watch !== undefined) watch.returned();
      if (succ === undefined) continue;
      successors++;
      this.generated++;
      this.tally(action, a)[0]++;
      // Each breaks the property as a step of its own (see `brokenWithSwitches`): nothing is stored.
      if (this.actionInvariants.length > 0) this.checkStep(state, action, succ, parent, a);
      this.checkState(succ, parent, a, -1, action);
    }
    if (successors === 0 && this.deadlockOpen) this.checkDeadlock(state, parent);
    this.actions = undefined;
  }

  /**
   * The initial states, as successors of no state (their "action index" is their index in `init`); the
   * store has room for them all. Returns the report of level 1.
   */
  seed(inits: readonly unknown[]): LevelReport {
    this.interrupted = undefined;
    try {
      for (let i = 0; i < inits.length; i++) {
        const problem = this.fingerprintOf(inits[i]);
        if (problem !== undefined) this.fail(problem[0], -1, i, problem[1]);
        this.visit(undefined, undefined, undefined, inits[i], -1, i, this.fp[0] as number, this.fp[1] as number, false);
      }
      this.done = true;
    } catch (error) {
      if (!(error instanceof Leave)) throw error;
    }
    return this.report();
  }

  /**
   * A successor (or an initial state) with fingerprint `h1`/`h2`: count, check, store and keep it if it is new.
   * `stored`: it is known to be stored (so inside the constraint). `cov`: the coverage tally of the action's type.
   */
  private visit(from: unknown, action: Action | undefined, cov: [number, number, number] | undefined, succ: unknown, parent: number, a: number, h1: number, h2: number, stored: boolean): void {
    const { engine, store, plan } = this;
    this.generated++;
    if (cov !== undefined) cov[0]++;
    if (action !== undefined && this.actionInvariants.length > 0) this.checkStep(from, action, succ, parent, a);
    if (stored) return;
    if (engine.constrained) {
      let inside: boolean;
      try {
        inside = engine.inside(succ);
      } catch (error) {
        this.fail('constraint', parent, a, error);
      }
      if (!inside) {
        // Enabling, not an edge (see `GraphRecorder`).
        if (this.recorder !== undefined && action !== undefined) this.recorder.step(-1, a, action);
        // TLC checks a state outside the constraint but neither stores nor expands it. It is not encoded, so it
        // is checked for plain values here (see `ParentMemo`).
        if (!this.symmetry && !this.lanesInto(succ, this.validated)) this.fail('value', parent, a, new InvalidValue());
        this.checkState(succ, parent, a, -1, action);
        return;
      }
    }
    const id = store.add(h1, h2, parent, a);
    if (id < 0) {
      // Stored already (by another thread since the batch looked, or not in its first slot): -2 - its id.
      if (this.recorder !== undefined && action !== undefined) this.recorder.step(-2 - id, a, action);
      if (this.switches !== undefined && action !== undefined) this.switches.step(parent, -2 - id, a, action);
      return;
    }
    if (id >= plan.maxStates) this.leave('max-states');
    this.validateNew(succ, parent, a);
    // Encoding checks what fingerprinting relative to the parent leaves out (see `ParentMemo`): before the
    // invariants see the state.
    try {
      this.frontier.add(succ, id, from);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      this.fail('value', parent, a, error);
    }
    if (cov !== undefined) cov[1]++;
    this.found++;
    if (this.recorder !== undefined) {
      this.recorder.stored(id, succ, parent, a);
      if (action !== undefined) this.recorder.step(id, a, action);
    }
    if (this.switches !== undefined) {
      this.switches.stored(id, parent, a);
      if (action !== undefined) this.switches.step(parent, id, a, action);
    }
    this.checkState(succ, parent, a, id, action);
    if (id === plan.maxStates - 1) this.leave('max-states');
  }

  /** The coverage tally (enabled, distinct) of the type of `action`, at index `a` of the actions. */
  private tally(action: Action, a: number): [number, number, number] {
    let cov = this.coverageType[a] === action.type ? this.coverageAt[a] : undefined;
    if (cov === undefined) {
      cov = this.coverage.get(action.type);
      if (cov === undefined) {
        cov = [0, 0, 0];
        this.coverage.set(action.type, cov);
      }
      this.coverageAt[a] = cov;
      this.coverageType[a] = action.type;
    }
    return cov;
  }

  /**
   * The fingerprint of a successor (of its canonical representative, with symmetry) into `fp`; what went wrong
   * instead, if the state is no plain value or the model's symmetry hook failed.
   */
  private fingerprintOf(succ: unknown): [RawFailure['phase'], unknown] | undefined {
    if (!this.symmetry) {
      try {
        this.memo.fingerprintInto(succ, this.fp);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        return ['value', error];
      }
      return undefined;
    }
    let value: unknown;
    try {
      value = this.engine.representative(succ);
    } catch (error) {
      return ['symmetry', error];
    }
    // The coordinator finds what was wrong by replaying the step (see `reproduceFailure`).
    if (!this.lanesInto(value, this.fp)) return [value === succ ? 'value' : 'symmetry', new InvalidValue()];
    return undefined;
  }

  /** With symmetry, the successor itself was not fingerprinted: validate it once, when it is new. */
  private validateNew(succ: unknown, parent: number, a: number): void {
    if (!this.symmetry) return;
    if (!this.lanesInto(succ, this.validated)) this.fail('value', parent, a, new InvalidValue());
  }

  /** After the state's successors are computed (a `next` that never returns is met there, watched). */
  private checkDeterministic(state: unknown, id: number, actions: readonly Action[]): void {
    this.determinismCheck = false;
    let a = -1;
    try {
      a = this.engine.nondeterministicAt(state, actions);
    } catch {
      // Only when it failed the second time: it is not deterministic, but the first call said how.
    }
    if (a === -2) this.fail('mutation', id, -1, new Error('the state changed while its successors were computed'));
    if (a >= 0) this.fail('nondeterministic', id, a, new Error('next() gave two different results'));
  }

  /** Fails if `state` no longer has the fingerprint it had before its successors were computed. */
  private checkUnchanged(state: unknown, id: number): void {
    this.changeCheck = false;
    const same = this.lanesInto(state, this.after) && this.after[0] === this.before[0] && this.after[1] === this.before[1];
    if (!same) this.fail('mutation', id, -1, new Error('the state changed while its successors were computed'));
  }

  /** The fingerprint of `value` into `out`; false if it is not a plain value. */
  private lanesInto(value: unknown, out: Int32Array): boolean {
    try {
      fingerprintInto(value, out);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      return false;
    }
    return true;
  }

  private checkDeadlock(state: unknown, id: number): void {
    let deadlock: boolean;
    try {
      deadlock = this.engine.isDeadlock(state, 0);
    } catch (error) {
      this.fail('terminal', id, -1, error);
    }
    if (!deadlock) return;
    const sw = this.switches;
    if (sw !== undefined && sw.valid) {
      const first = sw.counterexample('deadlock', { state: id });
      if (first) {
        this.deadlockFound = true;
        this.deadlockOpen = true;
        this.events.push({ kind: 'deadlock', id });
        if (this.plan.stopAtFirst) this.finishLevel('deadlock', -1);
      }
      this.endIfNoneBetter();
      return;
    }
    this.deadlockFound = true;
    this.events.push({ kind: 'deadlock', id });
    if (this.plan.stopAtFirst) this.leave('stop');
  }

  /**
   * The first counterexample of a search that stops there, with `switches`: the rest of the level is expanded
   * for the property broken alone (`p`: its index among the invariants or action invariants), for one with fewer
   * switches (see `SwitchRecorder`); the coordinator ends the search after this level.
   */
  private finishLevel(kind: 'invariant' | 'action-invariant' | 'deadlock', p: number): void {
    this.finishing = true;
    this.invariants = kind === 'invariant' ? [p] : [];
    this.actionInvariants = kind === 'action-invariant' ? [p] : [];
    this.reachable = [];
    if (kind !== 'deadlock') {
      this.deadlockFound = true;
      this.deadlockOpen = false;
    }
  }

  /**
   * Invariant or action invariant `p` broken (at `at`, see `SwitchRecorder.counterexample`) with `switches`: it
   * stays checked for the rest of the level, where another counterexample may have fewer switches. The first
   * one is reported as an event; a search that stops there finishes the level instead (`finishLevel`).
   */
  private brokenWithSwitches(kind: 'invariant' | 'action-invariant', p: number, parent: number, a: number, at: Parameters<SwitchRecorder['counterexample']>[1]): Kept {
    const sw = this.switches as SwitchRecorder;
    if (!sw.valid) return Kept.no;
    const name = kind === 'invariant' ? this.engine.invariantName(p) : this.engine.actionInvariantName(p);
    let kept = Kept.continue;
    if (sw.counterexample(targetKey({ kind, name }), at)) {
      this.events.push({ kind, name, parent, a });
      if (this.plan.stopAtFirst) {
        this.finishLevel(kind, p);
        kept = Kept.finish;
      }
    }
    this.endIfNoneBetter();
    return kept;
  }

  /** While finishing: no counterexample can have fewer than 0 switches. */
  private endIfNoneBetter(): void {
    if (this.finishing && (this.switches as SwitchRecorder).bound <= 0) this.leave('stop');
  }

  private checkStep(state: unknown, action: Action, succ: unknown, parent: number, a: number): void {
    const engine = this.engine;
    let list = this.actionInvariants;
    for (let k = 0; k < list.length; k++) {
      const p = list[k] as number;
      let holds: boolean;
      try {
        holds = engine.stepHolds(p, state, action, succ);
      } catch (error) {
        this.fail('action-invariant', parent, a, error, engine.actionInvariantName(p));
      }
      if (!holds) {
        if (this.switches !== undefined) {
          const kept = this.brokenWithSwitches('action-invariant', p, parent, a, { parent, a, action });
          if (kept === Kept.continue) continue;
          if (kept === Kept.finish) return;
        }
        // Dropped: the next one is now at k.
        this.actionInvariants = list = list.filter((q) => q !== p);
        k--;
        this.events.push({ kind: 'action-invariant', name: engine.actionInvariantName(p), parent, a });
        if (this.plan.stopAtFirst) this.leave('stop');
      }
    }
  }

  /** Invariants, then reachability, of `succ`: stored with id `id` (-1: not stored), reached by `action` (undefined: initial). */
  private checkState(succ: unknown, parent: number, a: number, id: number, action: Action | undefined): void {
    const engine = this.engine;
    let list = this.invariants;
    for (let k = 0; k < list.length; k++) {
      const p = list[k] as number;
      let holds: boolean;
      try {
        holds = engine.holds(p, succ);
      } catch (error) {
        this.fail('invariant', parent, a, error, engine.invariantName(p));
      }
      if (!holds) {
        if (this.switches !== undefined) {
          const kept = this.brokenWithSwitches('invariant', p, parent, a, id >= 0 ? { state: id } : { parent, a, action });
          if (kept === Kept.continue) continue;
          if (kept === Kept.finish) return;
        }
        this.invariants = list = list.filter((q) => q !== p);
        k--;
        this.events.push({ kind: 'invariant', name: engine.invariantName(p), parent, a });
        if (this.plan.stopAtFirst) this.leave('stop');
      }
    }
    const pending = this.reachable;
    for (let k = 0; k < pending.length; k++) {
      const p = pending[k] as number;
      let holds: boolean;
      try {
        holds = engine.isReached(p, succ);
      } catch (error) {
        this.fail('reachable', parent, a, error, engine.reachableName(p));
      }
      if (holds) {
        this.events.push({ kind: 'reached', name: engine.reachableName(p) });
        this.reachable = this.reachable.filter((q) => q !== p);
      }
    }
  }
}
