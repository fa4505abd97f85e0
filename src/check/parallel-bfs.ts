import type { AnyModel, Params } from '../model/types';
import type { ResolvedOptions } from './options';
import type { IncompleteReason } from './result';
import type { RawFailure, RawViolation, SearchOutcome, SearchPlan } from './bfs';
import type { Checked, ExpanderPlan, Expanded, FromExpander, Position, ToExpander, WireEvent } from './parallel/protocol';
import { SUB, comparePositions } from './parallel/protocol';
import { StateStore } from '../state/state-store';
import { fingerprintInto, InvalidValue } from '../state/fingerprint';
import { StateRef } from '../trace/state-ref';
import { Expander } from './parallel/expander';
import { LocalParty, WorkerPool, type Party } from './parallel/parties';
import { reproduceFailure } from './parallel/reproduce-failure';
import { InterleaveError, type ErrorCode } from '../errors/interleave-error';

/** A store whose reported size can be set back to where the search stopped (see `cutAt`). */
class CutStore extends StateStore {
  private reported = -1;

  override get size(): number {
    return this.reported >= 0 ? this.reported : super.size;
  }

  /**
   * The parallel search stores a level's successors before all of the level's checks are known; when a check
   * stops the search, the states stored past that point were never reached by the sequential order.
   */
  cutAt(size: number): void {
    this.reported = size;
  }
}

/** A position in a level: an expander (party) and a position in its chunk. */
interface Cut extends Position {
  readonly p: number;
}

type FailureEvent = Extract<WireEvent, { kind: 'failure' }>;

const UNCONDITIONAL: ReadonlySet<RawFailure['phase']> = new Set(['actions', 'next', 'value', 'constraint']);

class Finished {}

/**
 * Breadth-first search with the expansion shared out to worker threads, giving the same counts, the same state
 * ids and therefore the same shortest traces as `breadthFirstSearch`.
 *
 * Level by level: the level's states are split into contiguous chunks, one per worker, in level order. Workers
 * expand their chunk and send back only successor records (fingerprints, action indices) and events; this
 * thread owns the store and adds the records worker by worker, in order, exactly as the sequential search
 * would, then tells each worker which of its successors were new. Workers check invariants on those and keep
 * them as their part of the next level (moving some to a neighbour when the parts are uneven). Violations and
 * failures come back with their positions, and are replayed here in the sequential order, so the first one in
 * that order wins; what was stored past it is not counted. Levels smaller than `workerThreshold` are expanded
 * on this thread by the same code, so small models never start a thread.
 */
export function parallelBreadthFirstSearch(model: AnyModel, params: Params, plan: SearchPlan, options: ResolvedOptions, file: string): SearchOutcome {
  const start = Date.now();
  const store = new CutStore();
  const stopAtFirst = !options.continue;
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
  let peakMemory = 0;
  let stopped: IncompleteReason | undefined;
  let failure: RawFailure | undefined;

  const expanderPlan: ExpanderPlan = {
    invariants: plan.invariants.map(([n]) => n),
    actionInvariants: plan.actionInvariants.map(([n]) => n),
    reachable: plan.reachable.map(([n]) => n),
    deadlock: plan.deadlock,
    stopAtFirst,
    deadline: options.timeLimitMs < Infinity ? start + options.timeLimitMs : Infinity,
  };
  const local = new LocalParty(new Expander(model, params, expanderPlan));
  let threads: Party[] | undefined;
  let pool: WorkerPool | undefined;

  const sampleMemory = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peakMemory) peakMemory = rss;
  };

  const deactivate = (name: string): void => {
    inactive.push(name);
  };

  // ---- Initial states, on this thread, as the sequential search does them.

  const initCheck = (state: unknown, index: number): boolean => {
    for (const [name, pred] of plan.invariants) {
      if (!activeInvariants.has(name)) continue;
      let holds: boolean;
      try {
        holds = pred(state, params);
      } catch (error) {
        failure = { phase: 'invariant', name, at: new StateRef(-1, index), error };
        throw new Finished();
      }
      if (!holds) {
        violations.push({ kind: 'invariant', name, at: new StateRef(-1, index) });
        activeInvariants.delete(name);
        deactivate(name);
        if (stopAtFirst) throw new Finished();
      }
    }
    for (const [name, pred] of plan.reachable) {
      if (!pendingReachable.has(name)) continue;
      let holds: boolean;
      try {
        holds = pred(state, params);
      } catch (error) {
        failure = { phase: 'reachable', name, at: new StateRef(-1, index), error };
        throw new Finished();
      }
      if (holds) {
        reachable.set(name, true);
        pendingReachable.delete(name);
        deactivate(name);
      }
    }
    return false;
  };

  const initLevel = (): { ids: number[]; indices: number[] } => {
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
    const fp = new Int32Array(2);
    const ids: number[] = [];
    const indices: number[] = [];
    for (let i = 0; i < inits.length; i++) {
      const state = inits[i];
      generated++;
      try {
        fingerprintInto(state, fp);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        failure = { phase: 'value', error: state };
        throw new Finished();
      }
      let keep = true;
      if (model.constraint !== undefined) {
        try {
          keep = model.constraint(state, params);
        } catch (error) {
          failure = { phase: 'constraint', at: new StateRef(-1, i), error };
          throw new Finished();
        }
      }
      const id = keep ? store.add(fp[0] as number, fp[1] as number, -1, i) : -1;
      if (keep && id < 0) continue;
      initCheck(state, i);
      if (!keep) continue;
      ids.push(id);
      indices.push(i);
      if (store.size >= options.maxStates) {
        stopped = 'max-states';
        throw new Finished();
      }
    }
    statesPerDepth.push(ids.length);
    return { ids, indices };
  };

  // ---- One level, shared out.

  const receive = (party: Party): Exclude<FromExpander, { type: 'failed' }> => {
    const reply = party.receive();
    if (reply.type === 'failed') {
      const e = reply.error;
      if (e.code !== undefined) throw new InterleaveError({ code: e.code as ErrorCode, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.file ? { file: e.file } : {}) });
      throw new Error(`a worker thread of the search failed: ${e.message}`);
    }
    return reply;
  };

  /** Whether an event stops the search wherever it is (so nothing after it matters). */
  const stopsSearch = (e: WireEvent): boolean => {
    if (e.kind === 'reached') return false;
    if (stopAtFirst || e.kind === 'timeout') return true;
    return e.kind === 'failure' && UNCONDITIONAL.has(e.phase);
  };

  let lastProgress = Date.now();
  const progress = (depth: number, queue: number): void => {
    const now = Date.now();
    if (now - lastProgress < 1000) return;
    lastProgress = now;
    sampleMemory();
    options.onProgress?.({ distinctStates: store.size, generatedStates: generated, queue, depth, elapsedMs: now - start });
  };

  /**
   * Expands one level held by `parties` (chunk p has the ids `chunks[p]`); returns the new states' ids per
   * party, or throws Finished when the search stops inside the level.
   */
  const runLevel = (parties: readonly Party[], sources: readonly ToExpander[], chunks: readonly Int32Array[], depth: number): number[][] => {
    for (let p = 0; p < parties.length; p++) (parties[p] as Party).post(sources[p] as ToExpander);
    const results: Expanded[] = [];
    const flagsOf: Uint8Array[] = [];
    const newIds: number[][] = [];
    let cut: (Cut & { reason?: IncompleteReason }) | undefined;
    const distinctBefore = store.size;
    for (let p = 0; p < parties.length; p++) {
      const party = parties[p] as Party;
      const r = receive(party) as Expanded;
      results.push(r);
      typeTables[p]?.push(...r.newTypes);
      const flags = new Uint8Array(r.records);
      const ids: number[] = [];
      newIds.push(ids);
      flagsOf.push(flags);
      if (cut === undefined) {
        const chunk = chunks[p] as Int32Array;
        const stop = r.events.find(stopsSearch);
        // Records before the stop were added by the sequential search; a record at the stop only when the stop
        // comes after it was stored (an invariant of that state, not a step check).
        const limit = stop === undefined ? r.records : stop.sub > SUB.insert && stop.sub < SUB.deadlock ? stop.j + 1 : stop.j;
        if (stop !== undefined) cut = { p, s: stop.s, j: stop.j, sub: stop.sub };
        const { counts, fps, actions, inside } = r;
        let j = 0;
        outer: for (let s = 0; s < counts.length; s++) {
          const parent = chunk[s] as number;
          const end = j + (counts[s] as number);
          for (; j < end; j++) {
            if (j >= limit) break outer;
            if (inside[j] !== 1) continue;
            const id = store.add(fps[2 * j] as number, fps[2 * j + 1] as number, parent, actions[j] as number);
            if (id < 0) continue;
            flags[j] = 1;
            ids.push(id);
            if (store.size >= options.maxStates) {
              cut = { p, s, j, sub: SUB.afterChecks, reason: 'max-states' };
              break outer;
            }
          }
        }
      }
      party.post({ type: 'flags', flags: flags.slice() });
      progress(depth, 0);
    }
    const checked: Checked[] = parties.map((party) => receive(party) as Checked);

    // Replay the level's events in the sequential order.
    let end: (Cut & { reason?: IncompleteReason }) | undefined;
    replay: for (let p = 0; p < parties.length; p++) {
      if (cut !== undefined && p > cut.p) break;
      const r = results[p] as Expanded;
      const events = merge(r.events, (checked[p] as Checked).events);
      const chunk = chunks[p] as Int32Array;
      for (const e of events) {
        if (cut !== undefined && p === cut.p && comparePositions(e, cut) > 0) break replay;
        const parent = chunk[e.s] as number;
        const a = e.sub >= SUB.actionInvariant && e.sub < SUB.deadlock ? (r.actions[e.j] as number) : e.kind === 'failure' ? e.a : -1;
        if (handle(e, parent, a)) {
          end = { p, s: e.s, j: e.j, sub: e.sub, ...(e.kind === 'timeout' ? { reason: 'time-limit' as const } : {}) };
          break replay;
        }
      }
    }
    end ??= cut;
    const tally = count(results, flagsOf, end);
    generated += tally.generated;
    for (const [type, c] of tally.coverage) {
      const mine = coverage.get(type);
      if (mine === undefined) coverage.set(type, c);
      else {
        mine.enabled += c.enabled;
        mine.distinct += c.distinct;
      }
    }
    if (end !== undefined) {
      store.cutAt(distinctBefore + tally.distinct);
      if (end.reason !== undefined && failure === undefined) stopped = end.reason;
      throw new Finished();
    }
    if (tally.distinct > 0) statesPerDepth.push(tally.distinct);
    return newIds;
  };

  /** Applies one event; returns true when the search stops there. */
  const handle = (e: WireEvent, parent: number, a: number): boolean => {
    switch (e.kind) {
      case 'reached':
        if (pendingReachable.delete(e.name)) {
          reachable.set(e.name, true);
          deactivate(e.name);
        }
        return false;
      case 'invariant':
      case 'action-invariant': {
        const active = e.kind === 'invariant' ? activeInvariants : activeActionInvariants;
        if (!active.delete(e.name)) return false;
        deactivate(e.name);
        violations.push({ kind: e.kind, name: e.name, at: new StateRef(parent, a) });
        return stopAtFirst;
      }
      case 'deadlock':
        if (deadlockFound) return false;
        deadlockFound = true;
        violations.push({ kind: 'deadlock', name: 'Deadlock', at: StateRef.stored(store, parent) });
        return stopAtFirst;
      case 'timeout':
        return true;
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
        if (!applies) return false;
        failure = reproduceFailure(model, params, store, parent, e, a);
        return true;
      }
    }
  };

  /** Generated states, coverage and new states of a level, up to `end` (a position inside it) or all of it. */
  const count = (results: readonly Expanded[], flagsOf: readonly Uint8Array[], end: Cut | undefined) => {
    const cov = new Map<string, { enabled: number; distinct: number }>();
    let gen = 0;
    let distinct = 0;
    const bump = (type: string, isNew: boolean): void => {
      let c = cov.get(type);
      if (c === undefined) {
        c = { enabled: 0, distinct: 0 };
        cov.set(type, c);
      }
      c.enabled++;
      if (isNew) c.distinct++;
    };
    for (let p = 0; p < results.length; p++) {
      if (end !== undefined && p > end.p) break;
      const r = results[p] as Expanded;
      const table = typeTables[p] as string[];
      const flags = flagsOf[p] as Uint8Array;
      let n = r.records;
      let atEnd: { j: number; sub: number } | undefined;
      if (end !== undefined && p === end.p) {
        n = Math.min(n, end.j);
        atEnd = end;
      }
      for (let j = 0; j < n; j++) {
        gen++;
        const isNew = flags[j] === 1;
        if (isNew) distinct++;
        bump(table[r.types[j] as number] as string, isNew);
      }
      if (atEnd !== undefined) {
        const { j, sub } = atEnd;
        if (sub === SUB.value) {
          const e = r.events.find((x): x is FailureEvent => x.kind === 'failure' && x.phase === 'value') as FailureEvent;
          gen++;
          bump(table[e.type] as string, false);
        } else if (sub >= SUB.actionInvariant && sub < SUB.deadlock && j < r.records) {
          gen++;
          const isNew = sub > SUB.insert && flags[j] === 1;
          if (isNew) distinct++;
          bump(table[r.types[j] as number] as string, isNew);
        }
      }
    }
    return { generated: gen, distinct, coverage: cov };
  };

  // Action type tables, per party (each expander numbers the types it meets).
  let typeTables: string[][] = [[]];

  const finish = (): SearchOutcome => {
    sampleMemory();
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
      spilledBytes: 0,
      threadsUsed: threads?.length ?? 0,
    };
  };

  try {
    const init = initLevel();
    let depth = 1;
    let ids = Int32Array.from(init.ids);
    // The level's states: init indices, or held by the parties (their `fresh` states, `held[p]` of them).
    let held: number[] | undefined;
    let heldBy: readonly Party[] = [local];
    while (ids.length > 0) {
      if (depth >= options.maxDepth) {
        stopped = 'max-depth';
        break;
      }
      if (Date.now() - start >= options.timeLimitMs) {
        stopped = 'time-limit';
        break;
      }
      const useThreads = threads !== undefined || ids.length >= options.workerThreshold;
      if (useThreads && threads === undefined) {
        pool = WorkerPool.get(options.workers);
        threads = pool.begin(file, params, expanderPlan);
        typeTables = threads.map(() => []);
      }
      const parties = useThreads ? (threads as Party[]) : [local];
      const bounds = useThreads ? balance(held, parties.length, ids.length) : [0, ids.length];
      const chunks = parties.map((_, p) => ids.subarray(bounds[p] as number, bounds[p + 1] as number));
      const common = { inactive: inactive.slice(), deadlockFound };
      const sources: ToExpander[] = parties.map((party, p) => {
        const from = bounds[p] as number;
        const to = bounds[p + 1] as number;
        if (held === undefined) return { type: 'expand', source: { kind: 'init', indices: init.indices.slice(from, to) }, ...common };
        if (heldBy[0] === local && party !== local) {
          return { type: 'expand', source: { kind: 'states', states: local.expander.fresh.slice(from, to) }, ...common };
        }
        return { type: 'expand', source: { kind: 'fresh', ...moves(held, bounds, p) }, ...common };
      });
      if (heldBy[0] === local && parties[0] !== local) local.expander.fresh = [];
      const newIds = runLevel(parties, sources, chunks, depth);
      held = newIds.map((x) => x.length);
      heldBy = parties;
      ids = Int32Array.from(newIds.flat());
      if (ids.length > 0) depth++;
      sampleMemory();
    }
  } catch (error) {
    if (!(error instanceof Finished)) {
      pool?.discard();
      throw error;
    }
  }
  return finish();
}

/** Events of an expansion and of the check that followed, in position order (each list is in order already). */
function merge(a: readonly WireEvent[], b: readonly WireEvent[]): WireEvent[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const out: WireEvent[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length || k < b.length) {
    if (k >= b.length || (i < a.length && comparePositions(a[i] as WireEvent, b[k] as WireEvent) <= 0)) out.push(a[i++] as WireEvent);
    else out.push(b[k++] as WireEvent);
  }
  return out;
}

/**
 * Chunk boundaries for the next level, given how many of its states each party holds: unchanged while the
 * parts are within an eighth of even (moving states costs a copy), else an even split.
 */
function balance(held: readonly number[] | undefined, parties: number, total: number): number[] {
  const even = Array.from({ length: parties + 1 }, (_, k) => Math.floor((k * total) / parties));
  if (held === undefined || held.length !== parties) return even;
  const fair = total / parties;
  if (held.every((n) => Math.abs(n - fair) <= fair / 8)) {
    const bounds = [0];
    for (const n of held) bounds.push((bounds[bounds.length - 1] as number) + n);
    return bounds;
  }
  return even;
}

/** For party p: which of its held states go to whom, and the pieces of its new chunk in order. */
function moves(held: readonly number[], bounds: readonly number[], p: number): { sends: [number, number, number][]; pieces: [number, number, number][] } {
  const starts = [0];
  for (const n of held) starts.push((starts[starts.length - 1] as number) + n);
  const sends: [number, number, number][] = [];
  const pieces: [number, number, number][] = [];
  const mine = [starts[p] as number, starts[p + 1] as number] as const;
  for (let v = 0; v < held.length; v++) {
    // What p holds that belongs to v's chunk.
    const lo = Math.max(mine[0], bounds[v] as number);
    const hi = Math.min(mine[1], bounds[v + 1] as number);
    if (v !== p && hi > lo) sends.push([v, lo - mine[0], hi - lo]);
    // What v holds that belongs to p's chunk.
    const lo2 = Math.max(starts[v] as number, bounds[p] as number);
    const hi2 = Math.min(starts[v + 1] as number, bounds[p + 1] as number);
    if (hi2 > lo2) pieces.push([v, lo2 - (starts[v] as number), hi2 - lo2]);
  }
  return { sends, pieces };
}
