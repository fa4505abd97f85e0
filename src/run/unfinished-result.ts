import type { Action, AnyModel, Params } from '../model/types';
import type { Progress } from '../check/options';
import type { IncompleteReason, IncompleteResult, NotReturned, TraceStep } from '../check/result';
import type { PortableCheckOptions } from './check-job';
import { FingerprintStore, type FingerprintStoreBuffers } from '../state/fingerprint-store';
import { WatchPhase } from '../check/search-watch';
import { StateRef } from '../trace/state-ref';
import { rebuildTrace } from '../trace/rebuild-trace';
import { StepEngine } from '../engine/step-engine';
import { VERSION } from '../version';

/** What the watcher saw of a search whose thread it had to stop. */
export interface LastSeen {
  readonly watch: { readonly phase: number; readonly state: number; readonly action: number };
  readonly buffers: FingerprintStoreBuffers | undefined;
  readonly progress: Progress | undefined;
}

/** States stored: slots of the fingerprint table in use (each stored state has one; an empty slot is 0). */
function storedStates(buffers: FingerprintStoreBuffers): number {
  const table = new Int32Array(buffers.table);
  let n = 0;
  for (let i = 0; i < table.length; i += 2) if (table[i] !== 0) n++;
  return n;
}

/** Where the model was, with the trace to the state it expanded (replayed here: those calls returned before). */
function notReturned(model: AnyModel, params: Params, symmetry: boolean, seen: LastSeen): NotReturned {
  const { phase, state, action } = seen.watch;
  if (phase === WatchPhase.loading) return { call: 'loading', trace: [] };
  if (phase === WatchPhase.init) return { call: 'init', trace: [] };
  if ((phase !== WatchPhase.next && phase !== WatchPhase.expanding) || seen.buffers === undefined) return { call: 'unknown', trace: [] };
  let trace: TraceStep[] = [];
  try {
    const store = FingerprintStore.attach(seen.buffers);
    const engine = new StepEngine(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry });
    trace = rebuildTrace(engine, store, StateRef.stored(store, state));
    const last = trace[trace.length - 1];
    if (phase === WatchPhase.next && last !== undefined) {
      const a: Action | undefined = engine.actions(last.state)[action];
      if (a !== undefined) return { call: 'next', action: a, trace };
    }
  } catch {
    // A model that replays differently: report what is known.
  }
  return { call: phase === WatchPhase.next ? 'next' : 'expanding', trace };
}

/**
 * The report of a run whose search thread was stopped from outside (a call that never returned, or an interrupt
 * the search did not answer): `incomplete`, with the counts last seen (see `IncompleteResult.notReturned`).
 */
export function unfinishedResult(model: AnyModel, params: Params, options: PortableCheckOptions, reason: IncompleteReason, seen: LastSeen, durationMs: number): IncompleteResult {
  const symmetry = options.symmetry !== false && model.symmetry !== undefined;
  const stuck = notReturned(model, params, symmetry, seen);
  const distinct = seen.buffers ? storedStates(seen.buffers) : 0;
  const generated = Math.max(distinct, seen.progress?.generatedStates ?? 0);
  const checked = options.invariants ?? [...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})];
  const b = seen.buffers;
  return {
    verdict: 'incomplete',
    reason,
    model: model.name,
    params,
    checked: [...checked],
    version: VERSION,
    distinctStates: distinct,
    generatedStates: generated,
    depth: Math.max(stuck.trace.length, seen.progress?.depth ?? 0),
    statesPerDepth: [],
    coverage: {},
    durationMs,
    statesPerSecond: durationMs > 0 ? Math.round((distinct * 1000) / durationMs) : distinct,
    peakMemoryBytes: process.memoryUsage.rss(),
    storeBytes: b ? b.table.byteLength + b.parents.byteLength + b.slots.byteLength + b.actions.byteLength : 0,
    spilledBytes: 0,
    collisionProbability: (distinct * Math.max(0, generated - distinct)) / 2 ** 64,
    reachable: {},
    search: { strategy: options.strategy === 'dfs' ? 'dfs' : (options.workers ?? 1) > 1 ? 'parallel-bfs' : 'bfs', workers: options.workers ?? 1, symmetry },
    violations: [],
    notReturned: stuck,
  };
}
