import type { AnyModel, Params } from '../model/types';
import type { ResolvedOptions } from './options';
import type { IncompleteReason } from './result';
import type { RawFailure, RawViolation, SearchOutcome, SearchPlan } from './search-outcome';
import type { ExpanderPlan, FromWorker, LevelReport, Moved, ToWorker } from './parallel/protocol';
import { SharedStateStore } from '../state/shared-state-store';
import { StateRef } from '../trace/state-ref';
import { LevelExpander } from './parallel/level-expander';
import { WorkerPool } from './parallel/worker-pool';
import { SignalledPort } from './parallel/signalled-port';
import { reproduceFailure } from './parallel/reproduce-failure';
import { InterleaveError, type ErrorCode } from '../errors/interleave-error';

class Finished {}

/**
 * Breadth-first search, level by level, so that the first violation of each property is found with a shortest
 * trace and depth has TLC's meaning. Visited states are held only as fingerprints with parent pointers (see
 * `SharedStateStore`); frontier states are held encoded (in memory, or on disk beyond `memoryMb`).
 *
 * The calling thread runs the initial states and every level smaller than `workerThreshold` itself. With
 * `workers` above 1 (and the model's `file`), larger levels are shared out to worker threads: each expands its
 * part, adds the successors to the shared store itself and keeps the new ones as its part of the next level;
 * after each level the parts are evened out when they differ by more than an eighth, and when the store fills
 * up the threads pause while this thread grows it. Every state of a level is expanded before any of the next,
 * so a complete search gives the same counts (distinct, generated, depth, states per level, successors per
 * action type) with any number of threads, and every trace is a shortest one. With threads, which of several
 * equally short traces is found, which action type is credited with a new state, and the counts of a search
 * stopped early depend on how the threads interleave; on one thread the order is fixed.
 */
export function breadthFirstSearch(model: AnyModel, params: Params, plan: SearchPlan, options: ResolvedOptions, file?: string): SearchOutcome {
  const start = Date.now();
  const stopAtFirst = !options.continue;
  const store = SharedStateStore.create();
  const violations: RawViolation[] = [];
  const coverage = new Map<string, { enabled: number; distinct: number }>();
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
  let failure: RawFailure | undefined;
  /** Set by the first event that ends the search: later ones in the same level are not reported. */
  let over = false;

  const expanderPlan: ExpanderPlan = {
    invariants: plan.invariants.map(([n]) => n),
    actionInvariants: plan.actionInvariants.map(([n]) => n),
    reachable: plan.reachable.map(([n]) => n),
    deadlock: plan.deadlock,
    stopAtFirst,
    deadline: options.timeLimitMs < Infinity ? start + options.timeLimitMs : Infinity,
    maxStates: options.maxStates,
    symmetry: options.symmetry && model.symmetry !== undefined,
  };
  const local = new LevelExpander(model, params, expanderPlan, store, options.memoryBytes, options.spillDir);
  let threads: SignalledPort[] | undefined;
  let pool: WorkerPool | undefined;

  const sampleMemory = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peakMemory) peakMemory = rss;
  };

  let depth = 1;
  const progress = (): void => {
    sampleMemory();
    options.onProgress?.({ distinctStates: store.added, generatedStates: generated + local.unreported, queue: local.frontier.pending, depth, elapsedMs: Date.now() - start });
  };
  let nextProgress = start + 1000;
  local.onTick = () => {
    const now = Date.now();
    if (now < nextProgress) return;
    nextProgress = now + 1000;
    progress();
  };

  /** Takes in a report: tallies, then events in order, as the sequential search would have met them. */
  const absorb = (r: LevelReport): number => {
    generated += r.generated;
    spilledBytes += r.spilledBytes;
    for (const [type, enabled, distinct] of r.coverage) {
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
          failure = reproduceFailure(model, params, store, e.parent, e, e.a);
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

  const failed = (m: FromWorker): LevelReport | Moved => {
    if (m.type !== 'failed') return m;
    const e = m.error;
    if (e.code !== undefined) throw new InterleaveError({ code: e.code as ErrorCode, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.file ? { file: e.file } : {}) });
    throw new Error(`a worker thread of the search failed: ${e.message}`);
  };

  /** Grows the store by at least `more` states (and for action index `action`). */
  const grow = (more: number, action = 0): void => {
    store.grow(Math.max(more, store.added, 1024), action);
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

  /** Expands a level on the threads (`extra[i]`: states moved to thread i); returns the new states and each thread's part of the next level. */
  const runThreads = (ports: readonly SignalledPort[], extra: readonly (Moved | undefined)[]): { found: number; held: number[] } => {
    const level = { inactive: inactive.slice(), deadlockFound, store: store.buffers };
    ports.forEach((port, i) => {
      const e = extra[i];
      port.post({ type: 'level', ...level, ...(e && e.states.length > 0 ? { extra: e } : {}) } satisfies ToWorker);
    });
    const held = ports.map(() => 0);
    let found = 0;
    let waiting = ports.map((_, i) => i);
    while (waiting.length > 0) {
      const replies = SignalledPort.receiveAll<FromWorker>(
        waiting.map((i) => ports[i] as SignalledPort),
        progress,
      ).map((m) => failed(m) as LevelReport);
      const paused: number[] = [];
      let action = 0;
      replies.forEach((r, k) => {
        const i = waiting[k] as number;
        found += absorb(r);
        held[i] = r.held;
        if (r.interrupted === 'pause') {
          paused.push(i);
          action = Math.max(action, r.pauseAction ?? 0);
        }
      });
      if (paused.length === 0 || store.stopped || over) break;
      grow(0, action);
      for (const i of paused) (ports[i] as SignalledPort).post({ type: 'resume', store: store.buffers } satisfies ToWorker);
      waiting = paused;
    }
    return { found, held };
  };

  /** Moves states between threads so that each holds about as many of the next level; the moved states per receiver. */
  const even = (ports: readonly SignalledPort[], held: number[]): (Moved | undefined)[] => {
    const total = held.reduce((x, y) => x + y, 0);
    const fair = Math.ceil(total / ports.length);
    const extra: (Moved | undefined)[] = ports.map(() => undefined);
    if (held.every((n) => Math.abs(n - fair) <= Math.max(64, fair / 8))) return extra;
    const givers = held.flatMap((n, i) => (n > fair ? [i] : []));
    for (const g of givers) {
      const port = ports[g] as SignalledPort;
      port.post({ type: 'give', count: (held[g] as number) - fair } satisfies ToWorker);
      const moved = failed(port.receive<FromWorker>()) as Moved;
      held[g] = (held[g] as number) - moved.states.length;
      let at = 0;
      for (let r = 0; r < ports.length && at < moved.states.length; r++) {
        const want = fair - (held[r] as number);
        if (r === g || want <= 0) continue;
        const n = Math.min(want, moved.states.length - at);
        const mine = extra[r] ?? { states: [], ids: [] };
        extra[r] = { states: [...mine.states, ...moved.states.slice(at, at + n)], ids: [...mine.ids, ...moved.ids.slice(at, at + n)] };
        held[r] = (held[r] as number) + n;
        at += n;
      }
    }
    return extra;
  };

  const finish = (): SearchOutcome => {
    sampleMemory();
    if (store.added > options.maxStates) store.cutAt(options.maxStates);
    return {
      store,
      violations,
      ...(failure ? { failure } : {}),
      ...(stopped && !failure ? { stopped } : {}),
      generatedStates: generated,
      statesPerDepth,
      coverage,
      reachable,
      peakMemoryBytes: peakMemory,
      spilledBytes,
      threadsUsed: threads?.length ?? 0,
    };
  };

  try {
    let inits: readonly unknown[];
    try {
      inits = model.init(params);
    } catch (error) {
      failure = { phase: 'init', error };
      throw new Finished();
    }
    if (!Array.isArray(inits) || inits.length === 0) {
      failure = { phase: 'init-empty', error: inits };
      throw new Finished();
    }
    grow(inits.length, inits.length);
    const first = local.seed(inits);
    const newInit = absorb(first);
    if (over) throw new Finished();
    statesPerDepth.push(newInit);
    let levelSize = first.held;
    // The share of a level's successors that were new, to make room for the next level ahead of time.
    let newPerState = 2;
    let extra: (Moved | undefined)[] = [];
    let held: number[] = [];
    while (levelSize > 0) {
      if (depth >= options.maxDepth) {
        stopped = 'max-depth';
        break;
      }
      const expected = Math.ceil(levelSize * newPerState * 1.25);
      if (store.room < expected) grow(expected);
      if (threads === undefined && file !== undefined && levelSize >= options.workerThreshold && options.workers > 1) {
        pool = WorkerPool.get(options.workers);
        threads = pool.ports;
        const perThread = options.memoryBytes / threads.length;
        for (const port of threads) {
          port.post({ type: 'setup', file, params, plan: expanderPlan, store: store.buffers, memoryBytes: perThread, spillDir: options.spillDir } satisfies ToWorker);
        }
        const all = local.give(levelSize);
        const n = threads.length;
        extra = threads.map((_, i) => {
          const from = Math.floor((i * all.states.length) / n);
          const to = Math.floor(((i + 1) * all.states.length) / n);
          return { states: all.states.slice(from, to), ids: all.ids.slice(from, to) };
        });
      }
      let found: number;
      if (threads === undefined) {
        found = runHere();
        levelSize = local.frontier.pending;
      } else {
        const r = runThreads(threads, extra);
        found = r.found;
        held = r.held;
        levelSize = held.reduce((x, y) => x + y, 0);
      }
      if (over || store.stopped) break;
      if (found > 0) statesPerDepth.push(found);
      newPerState = found / Math.max(1, statesPerDepth[statesPerDepth.length - 2] ?? 1);
      if (threads !== undefined && levelSize > 0) extra = even(threads, held);
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
  if (threads !== undefined && pool !== undefined) for (const port of threads) port.post({ type: 'end' } satisfies ToWorker);
  local.close();
  return finish();
}
