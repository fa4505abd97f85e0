import type { AnyModel, Params } from '../../model/types';
import type { ResolvedOptions } from '../../check/options';
import type { IncompleteReason } from '../../check/result';
import type { RawViolation, SearchFailure, SearchOutcome, SearchPlan } from '../../check/search-outcome';
import type { ExpanderPlan, FromWorker, LevelReport, Moved, ToWorker } from './parallel/protocol';
import { FingerprintStore } from '../../state/fingerprint-store';
import { StateRef } from '../../trace/state-ref';
import { LevelExpander } from './level-expander';
import { WorkerPool } from './parallel/worker-pool';
import { SignalledPort } from './parallel/signalled-port';
import { reproduceFailure } from '../../engine/reproduce-failure';
import { compiledSources } from '../../load/load-module';
import { InterleaveError, type ErrorCode } from '../../errors/interleave-error';
import { StepEngine } from '../../engine/step-engine';
import type { RecordedChunk } from '../../liveness/graph-recorder';
import { assembleGraph } from '../../liveness/state-graph';

class Finished {}

/**
 * Breadth-first search, level by level, so that the first violation of each property is found with a shortest
 * trace and depth has TLC's meaning. Visited states are held only as fingerprints with parent pointers (see
 * `FingerprintStore`); frontier states are held encoded (in memory, or on disk beyond `memoryMb`).
 *
 * The calling thread runs the initial states, every level smaller than `workerThreshold`, every level that starts
 * before `workerDelay` has passed and every level it expects to expand in less than half that itself. With
 * `workers` above 1 (and the model's `file`), the other levels are shared out between this thread and `workers - 1`
 * worker threads: each expands its part, adds the successors to the shared store itself and keeps the new ones as
 * its part of the next level; a thread that runs out of states gets some of a busy one's, and when the store fills
 * up the threads pause while this thread grows it. This thread takes part rather than only coordinating: its code
 * is compiled and warm by then, and the process holds one isolate (heap, compiled code) fewer.
 * Every state of a level is expanded before any of the next, so a complete search gives the same counts
 * (distinct, generated, depth, states per level, successors per action type) with any number of threads, and
 * every trace is a shortest one. With threads, which of several equally short traces is found, the
 * order of violations found in one level, which action type is credited with a new state, and the counts of a
 * search stopped early depend on how the threads interleave; on one thread the order is fixed.
 */
export function breadthFirstSearch(model: AnyModel, params: Params, plan: SearchPlan, options: ResolvedOptions, file?: string): SearchOutcome {
  const start = Date.now();
  const stopAtFirst = !options.continue;
  // The calling thread and each worker thread take ids.
  // Recording the state graph needs, for a successor found stored, its id (see `FingerprintStore.create`).
  // `--fewest-switches` runs on one thread: its recorder is the thread's own.
  const parallel = file !== undefined && options.workers > 1 && plan.switches !== true;
  const store = FingerprintStore.create(1 << 12, parallel ? options.workers : 1, plan.record !== undefined || plan.switches === true);
  if (options.maxStates < Infinity) store.denseIds();
  const violations: RawViolation[] = [];
  const coverage = new Map<string, { enabled: number; distinct: number }>();
  const unchanged = new Map<string, number>();
  const reachable = new Map<string, boolean>(plan.reachable.map(([name]) => [name, false]));
  const statesPerDepth: number[] = [];
  const activeInvariants = new Set(plan.invariants.map(([n]) => n));
  const activeActionInvariants = new Set(plan.actionInvariants.map(([n]) => n));
  const pendingReachable = new Set(plan.reachable.map(([n]) => n));
  const inactive: string[] = [];
  let deadlockFound = false;
  let generated = 0;
  let spilledBytes = 0;
  let peakMemory = 0;
  let stopped: IncompleteReason | undefined;
  let failure: SearchFailure | undefined;
  /** Set by the first event that ends the search: later ones in the same level are not reported. */
  let over = false;
  /** With `plan.record`: the parts of the state graph the threads recorded. */
  const recorded: RecordedChunk[] = [];

  const expanderPlan: ExpanderPlan = {
    invariants: plan.invariants.map(([n]) => n),
    actionInvariants: plan.actionInvariants.map(([n]) => n),
    reachable: plan.reachable.map(([n]) => n),
    deadlock: plan.deadlock,
    stopAtFirst,
    deadline: options.timeLimitMs < Infinity ? start + options.timeLimitMs : Infinity,
    maxStates: options.maxStates,
    // Liveness on the quotient graph is not exact in general: a recorded graph is the whole one. Actor switches
    // are counted on the states themselves.
    symmetry: options.symmetry && model.symmetry !== undefined && plan.record === undefined && plan.switches !== true,
    ...(plan.record !== undefined ? { record: plan.record } : {}),
    ...(plan.switches === true ? { switches: true } : {}),
  };
  // On this thread, for the initial states and to describe failures met on any thread (see `reproduceFailure`).
  const engine = new StepEngine(model, params, expanderPlan);
  // With workers, this thread holds its share of the frontier, as each of them does.
  const local = new LevelExpander(model, params, expanderPlan, store, parallel ? options.memoryBytes / options.workers : options.memoryBytes, options.spillDir);
  local.watch = options.watch;
  let threads: SignalledPort[] | undefined;
  /** Per thread: set when it is asked to give states to another (see `ToWorker` setup). */
  let requests: Int32Array<ArrayBufferLike> = new Int32Array(0);
  let pool: WorkerPool | undefined;

  const sampleMemory = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peakMemory) peakMemory = rss;
  };

  let depth = 1;
  const progress = (): void => {
    sampleMemory();
    // Threads publish what they have done since their last report (see `ToWorker` setup).
    let inThreads = 0;
    for (let i = requests.length >> 1; i < requests.length; i++) inThreads += Atomics.load(requests, i);
    // An interrupt from the thread watching the search stops every thread at its next state.
    if (options.watch?.interrupted && !over) {
      stopped ??= 'interrupted';
      over = true;
      store.stop();
    }
    options.onProgress?.({ distinctStates: store.added, generatedStates: generated + local.unreported + inThreads, queue: local.frontier.pending, depth, elapsedMs: Date.now() - start });
  };
  let nextProgress = start + 1000;
  local.onTick = () => {
    const now = Date.now();
    if (now < nextProgress) return;
    nextProgress = now + 1000;
    progress();
  };

  /** Takes in a report: tallies, then events in the order one thread expanding the level alone would have met them. */
  const absorb = (r: LevelReport): number => {
    if (r.graph !== undefined) recorded.push(r.graph);
    generated += r.generated;
    spilledBytes += r.spilledBytes;
    for (const [type, enabled, distinct, same] of r.coverage) {
      if (same > 0) unchanged.set(type, (unchanged.get(type) ?? 0) + same);
      const c = coverage.get(type);
      if (c === undefined) coverage.set(type, { enabled, distinct });
      else {
        c.enabled += enabled;
        c.distinct += distinct;
      }
    }
    for (const e of r.events) {
      if (over) break;
      switch (e.kind) {
        case 'reached':
          if (pendingReachable.delete(e.name)) {
            reachable.set(e.name, true);
            inactive.push(e.name);
          }
          break;
        case 'invariant':
        case 'action-invariant': {
          const active = e.kind === 'invariant' ? activeInvariants : activeActionInvariants;
          if (!active.delete(e.name)) break;
          inactive.push(e.name);
          violations.push({ kind: e.kind, name: e.name, at: new StateRef(e.parent, e.a) });
          if (stopAtFirst) over = true;
          break;
        }
        case 'deadlock':
          if (deadlockFound) break;
          deadlockFound = true;
          violations.push({ kind: 'deadlock', name: 'Deadlock', at: StateRef.stored(store, e.id) });
          if (stopAtFirst) over = true;
          break;
        case 'failure': {
          const applies =
            e.phase === 'invariant'
              ? activeInvariants.has(e.name as string)
              : e.phase === 'action-invariant'
                ? activeActionInvariants.has(e.name as string)
                : e.phase === 'reachable'
                  ? pendingReachable.has(e.name as string)
                  : e.phase === 'terminal'
                    ? !deadlockFound
                    : true;
          if (!applies) break;
          failure = reproduceFailure(engine, store, e.parent, e, e.a);
          over = true;
          break;
        }
      }
    }
    if (r.interrupted === 'time-limit' || r.interrupted === 'max-states') {
      stopped ??= r.interrupted;
      over = true;
    }
    return r.found;
  };

  const failed = (m: FromWorker): Exclude<FromWorker, { type: 'failed' }> => {
    if (m.type !== 'failed') return m;
    const e = m.error;
    if (e.code !== undefined) throw new InterleaveError({ code: e.code as ErrorCode, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.file ? { file: e.file } : {}) });
    throw new Error(`a worker thread of the search failed: ${e.message}`);
  };

  /** Grows the store by at least `more` states (and for action index `action`). */
  const grow = (more: number, action = 0): void => {
    store.grow(Math.max(more, 1024), action);
    options.watch?.storeChanged(store.buffers);
  };

  /** Expands a level on this thread; returns the new states. */
  const runHere = (): number => {
    local.begin(inactive, deadlockFound, undefined);
    let found = 0;
    for (;;) {
      const r = local.run();
      found += absorb(r);
      if (r.interrupted !== 'pause') return found;
      grow(0, r.pauseAction);
    }
  };

  /**
   * Expands a level on this thread and the worker threads together (`extra[i]`: states moved to worker i before
   * it starts; this thread keeps the rest of its frontier); returns the new states and the states each holds for
   * the next level. Thread `ports.length` is this one: it serves the workers between two of its own states (see
   * `serve`), and waits for them once its part is done. A thread that runs out of states gets some of what a busy
   * one has left (see `LevelExpander.donate`); when the store must grow, the threads that paused go on once none
   * is running.
   */
  const runShared = (ports: readonly SignalledPort[], extra: readonly (Moved | undefined)[]): { found: number; held: number[] } => {
    const level = { inactive: inactive.slice(), deadlockFound, store: store.buffers };
    ports.forEach((port, i) => {
      const e = extra[i];
      const moving = e !== undefined && e.count > 0 ? e : undefined;
      port.post({ type: 'level', ...level, ...(moving ? { extra: moving } : {}) } satisfies ToWorker);
    });
    local.begin(inactive, deadlockFound, undefined);
    const here = ports.length;
    const n = here + 1;
    const held = new Array<number>(n).fill(0);
    const running = new Array<boolean>(n).fill(true);
    const paused = new Array<boolean>(n).fill(false);
    /** asked[d] = the idle thread that worker d was asked to give states to (-1: none). */
    const asked = new Array<number>(n).fill(-1);
    /** Donors that had too little left this level, and idle threads waiting for a donation. */
    const spent = new Array<boolean>(n).fill(false);
    const waitingFor = new Array<boolean>(n).fill(false);
    let found = 0;
    let pauseAction = 0;

    /** States given by `from` to thread `to`. */
    const given = (from: number, to: number, moved: Moved): void => {
      waitingFor[to] = false;
      if (moved.count === 0) spent[from] = true;
      else if (!over && !store.stopped) {
        running[to] = true;
        if (to === here) local.more(moved);
        else (ports[to] as SignalledPort).post({ type: 'more', extra: moved } satisfies ToWorker);
      }
    };
    /** Idle threads ask a busy one for states: this thread gives at once, a worker when it sees the request. */
    const share = (): void => {
      if (over || store.stopped) return;
      for (let i = 0; i < n; i++) {
        while (!running[i] && !paused[i] && !waitingFor[i]) {
          const donor = running.findIndex((r, d) => r && d !== i && !spent[d] && (asked[d] as number) < 0);
          if (donor < 0) return;
          waitingFor[i] = true;
          if (donor === here) given(here, i, local.donate());
          else {
            asked[donor] = i;
            Atomics.store(requests, donor, 1);
          }
        }
      }
    };
    /** A thread's report: its part is done, or it paused or stopped. */
    const reported = (i: number, r: LevelReport): void => {
      found += absorb(r);
      held[i] = r.held;
      running[i] = false;
      if (i !== here && (asked[i] as number) >= 0) {
        // It finished before it saw the request: nothing comes from it.
        Atomics.store(requests, i, 0);
        waitingFor[asked[i] as number] = false;
        asked[i] = -1;
      }
      spent[i] = true;
      if (r.interrupted === 'pause') {
        paused[i] = true;
        pauseAction = Math.max(pauseAction, r.pauseAction ?? 0);
      }
    };
    const received = (i: number, message: FromWorker): void => {
      const m = failed(message);
      if (m.type === 'given') {
        const to = asked[i] as number;
        asked[i] = -1;
        given(i, to, { count: m.count, bytes: m.bytes, strings: m.strings, shapes: m.shapes });
      } else reported(i, m);
    };
    /** Between two states of this thread's own part: what the workers sent, and their requests for states. */
    const serve = (): void => {
      for (let i = 0; i < here; i++) {
        for (let m = (ports[i] as SignalledPort).poll<FromWorker>(); m !== undefined; m = (ports[i] as SignalledPort).poll<FromWorker>()) received(i, m.message);
      }
      if (over) store.stop();
      share();
    };

    const tick = local.onTick;
    local.onTick = () => {
      tick?.();
      serve();
    };
    try {
      for (;;) {
        share();
        if (running[here]) {
          reported(here, local.run());
          continue;
        }
        if (!running.some(Boolean)) {
          if (over || store.stopped || !paused.some(Boolean)) break;
          grow(0, pauseAction);
          paused.forEach((p, i) => {
            if (!p) return;
            paused[i] = false;
            running[i] = true;
            if (i !== here) (ports[i] as SignalledPort).post({ type: 'resume', store: store.buffers } satisfies ToWorker);
          });
          continue;
        }
        const { index, message } = SignalledPort.receiveAny<FromWorker>(ports, progress);
        received(index, message);
      }
    } finally {
      local.onTick = tick;
    }
    return { found, held };
  };

  const finish = (): SearchOutcome => {
    sampleMemory();
    if (store.added > options.maxStates) {
      store.cutAt(options.maxStates);
      // Threads may have stored states past the bound: the levels count only those reported.
      let over = statesPerDepth.reduce((x, y) => x + y, 0) - options.maxStates;
      while (over > 0 && statesPerDepth.length > 0) {
        const last = statesPerDepth.length - 1;
        const cut = Math.min(over, statesPerDepth[last] as number);
        over -= cut;
        if (cut === statesPerDepth[last]) statesPerDepth.pop();
        else statesPerDepth[last] = (statesPerDepth[last] as number) - cut;
      }
    }
    // No graph when the search ended at a violation or failure (only a bound's reason says what is missing), nor
    // when it was interrupted: whoever interrupted it wants it over, not analysed.
    const record = plan.record;
    const graph =
      record === undefined || failure || (over && stopped === undefined) || stopped === 'interrupted'
        ? undefined
        : assembleGraph(store, recorded, record.properties.length, record.fairness, {
            generatedStates: generated,
            depth: statesPerDepth.length,
            ...(stopped !== undefined ? { incomplete: stopped } : {}),
          });
    recorded.length = 0;
    const sw = local.switches;
    return {
      ...(sw !== undefined
        ? { switches: { recorded: sw.valid, paths: sw.valid ? sw.fewest(stopped !== undefined) : new Map(), expandedAfter: sw.expandedAfter, skippedAfter: sw.skippedAfter } }
        : {}),
      store,
      violations,
      ...(graph !== undefined ? { graph } : {}),
      ...(failure ? { failure } : {}),
      ...(stopped && !failure ? { stopped } : {}),
      generatedStates: generated,
      statesPerDepth,
      coverage,
      unchanged,
      reachable,
      peakMemoryBytes: peakMemory,
      spilledBytes,
      threadsUsed: threads === undefined ? 0 : threads.length + 1,
    };
  };

  try {
    let inits: readonly unknown[];
    try {
      inits = engine.initialStates().map((i) => i.state);
    } catch (error) {
      if (!(error instanceof InterleaveError)) throw error;
      failure = { error };
      throw new Finished();
    }
    grow(inits.length, inits.length);
    const first = local.seed(inits);
    const newInit = absorb(first);
    // A stop keeps the states found so far in the level (TLC's depth is that of the deepest state found).
    if (newInit > 0) statesPerDepth.push(newInit);
    if (over) throw new Finished();
    let levelSize = first.held;
    // The share of a level's successors that were new, to make room for the next level ahead of time.
    let newPerState = 2;
    let extra: (Moved | undefined)[] = [];
    // Milliseconds per state expanded: of the last level of 256 states or more, and as kept once threads start.
    let lastPace = 0;
    let pace: number | undefined;
    let levelStart = Date.now();
    let lastLevel = 0;
    while (levelSize > 0) {
      if (depth >= options.maxDepth) {
        stopped = 'max-depth';
        break;
      }
      const expected = Math.ceil(levelSize * newPerState * 1.25);
      if (store.room < expected) grow(expected);
      // Threads take over from the first level that is large enough, begins after the delay and is expected to
      // take half the delay, at the pace of the level before: a search that ends sooner pays nothing for them.
      // They start with the first level expected to take that long, even before the delay, so that they have
      // loaded the model by then; the pace is kept from then on, as their start slows this thread on a small
      // machine.
      const now = Date.now();
      const elapsedMs = now - start;
      if (pace === undefined && lastLevel >= 256) lastPace = (now - levelStart) / lastLevel;
      const msPerState = pace ?? lastPace;
      const expectedMs = levelSize * msPerState;
      const prepare = levelSize >= options.workerThreshold && expectedMs >= options.workerDelayMs / 2;
      const shareOut = prepare && elapsedMs >= options.workerDelayMs;
      levelStart = now;
      lastLevel = levelSize;
      if (pool === undefined && parallel && prepare) {
        pace = msPerState;
        // This thread is one of the `workers`: it expands its part of each level too.
        pool = WorkerPool.get(options.workers - 1);
        const perThread = options.memoryBytes / options.workers;
        requests = new Int32Array(new SharedArrayBuffer(8 * (options.workers - 1)));
        for (const port of pool.ports) {
          port.post({ type: 'setup', file, sources: compiledSources(), params, plan: expanderPlan, store: store.buffers, memoryBytes: perThread, spillDir: options.spillDir, requests: requests.buffer as SharedArrayBuffer } satisfies ToWorker);
        }
      }
      if (threads === undefined && pool !== undefined && shareOut) {
        threads = pool.ports;
        // Shares of the level for each worker; this thread keeps the last.
        const n = threads.length + 1;
        extra = threads.map((_, i) => local.give(Math.floor(((i + 1) * levelSize) / n) - Math.floor((i * levelSize) / n)));
      }
      let found: number;
      if (threads === undefined) {
        found = runHere();
        levelSize = local.frontier.pending;
      } else {
        const r = runShared(threads, extra);
        found = r.found;
        levelSize = r.held.reduce((x, y) => x + y, 0);
      }
      if (found > 0) statesPerDepth.push(found);
      if (over || store.stopped) break;
      newPerState = found / Math.max(1, statesPerDepth[statesPerDepth.length - 2] ?? 1);
      extra = [];
      if (levelSize > 0) depth++;
      sampleMemory();
    }
  } catch (error) {
    if (!(error instanceof Finished)) {
      pool?.discard();
      pool = undefined;
      local.close();
      throw error;
    }
  }
  if (pool !== undefined) for (const port of pool.ports) port.post({ type: 'end' } satisfies ToWorker);
  local.close();
  return finish();
}
