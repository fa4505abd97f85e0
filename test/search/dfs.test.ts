import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, defineModel, InterleaveError } from 'interleave';
import { loadSuite } from '../../src/suite/load-suite';
import { loadModel } from '../../src/load/load-model';
import { resolveParams } from '../../src/model/resolve-params';
import { evaluateEntry } from '../../src/suite/evaluate-entry';
import { StepEngine } from '../../src/engine/step-engine';
import { replay } from '../../src/engine/replay';
import { fingerprint } from '../../src/state/fingerprint';
import type { AnyModel, Params } from '../../src/model/types';
import type { CheckResult, TraceStep, Violation } from '../../src/check/result';

const SPECS = path.resolve(__dirname, '../../specs');

/**
 * The depth-first search's counterexamples on the bundled suites (run with `continue`), as `name length` (the
 * deadlock as `deadlock`), in the order it found them: not shortest, so pinned here; the breadth-first search's
 * shortest ones are pinned in the spec files.
 */
const DFS_TRACES: Record<string, readonly string[]> = {
  'alloc-replay › replay-allocator-stuck lost-wakeup': ['deadlock 9'],
  'alloc-replay › replay-allocator-stuck lost-wakeup no backlog': ['deadlock 6'],
  'alloc-replay › replay-allocator-stuck wake-counter-no-presleep no backlog': ['deadlock 5'],
  'alloc-replay › replay-allocator-stuck lost-wakeup no admin': ['deadlock 7'],
  'alloc-replay › replay-allocator-stuck wake-filter-fixed no admin': ['deadlock 7'],
  'alloc-replay › replay-allocator-stuck discard-open-race': ['NoDiscardOfOpenBucket 17'],
  'alloc › early-bucket-race buggy': ['LockedKeyIsCurrent 8', 'NoDoubleAllocation 12'],
  'alloc › early-bucket-race buggy 1 bucket': ['LockedKeyIsCurrent 8', 'NoDoubleAllocation 12'],
  'alloc › early-bucket-race buggy large 3 tasks 3 buckets': ['LockedKeyIsCurrent 21', 'NoDoubleAllocation 25'],
  'bcache › buggy': ['NoStaleHit 9'],
  'bcache › buggy, power failure': ['NoStaleAfterCrash 11', 'NoStaleAfterFlush 15', 'NoStaleHit 9'],
  'bcache › buggy, FUA writes, power failure': ['NoStaleAfterCrash 11', 'NoStaleAfterFlush 15', 'NoStaleHit 9'],
  'bcache › v1-invalidate-after-complete, power failure': ['NoStaleAfterCrash 11'],
  'bcache › inflight-ranges, power failure': ['NoStaleAfterCrash 11'],
  'bcache › inflight-ranges, FUA writes, power failure': ['NoStaleAfterCrash 11'],
  'bcache › inflight-chunks, 2 sectors in 1 chunk, power failure': ['NoStaleAfterCrash 11'],
  'bcache › detach-race buggy': ['NoStaleAfterCrash 7', 'NoStaleAfterFlush 8'],
  'bcache › detach-race buggy, no backing write cache': ['NoStaleAfterCrash 7', 'NoStaleAfterFlush 7'],
  'bcache › detach-race fixed': ['NoStaleAfterCrash 7'],
  'crash › commit-before-flush': ['CommitImpliesData 6'],
  'crash › ack-before-flush': ['AckedIsDurable 8'],
  'journal-replicas › buggy': ['MountableAfterCrash 14'],
  'journal-replicas › buggy, 2 rounds': ['MountableAfterCrash 25'],
  'journal › buggy': ['ErrorSeenOncePerFd 20'],
  'journal › recheck-after-lock': ['ErrorSeenOncePerFd 20'],
  'journal › early-return': ['ErrorSeenOncePerFd 24', 'FsyncDeterministic 22'],
  'journal › shutdown-fails-fsync': ['ErrorSeenOncePerFd 24'],
  'journal › buggy, 10 fds': ['ErrorSeenOncePerFd 68'],
  'journal › recheck-after-lock, 10 fds': ['ErrorSeenOncePerFd 68'],
  'journal › early-return, 10 fds': ['ErrorSeenOncePerFd 88', 'FsyncDeterministic 62'],
  'journal › shutdown-fails-fsync, 10 fds': ['ErrorSeenOncePerFd 88'],
  'journal › buggy, no crash': ['ErrorSeenOncePerFd 20'],
  'journal › recheck-after-lock, no crash': ['ErrorSeenOncePerFd 20'],
  'journal › early-return, no crash': ['ErrorSeenOncePerFd 24', 'FsyncDeterministic 22'],
  'journal › shutdown-fails-fsync, no crash': ['ErrorSeenOncePerFd 24'],
  'keycache › replay-coherency before-fix inodes': ['CleanEntryIsCurrent 2', 'DirtyImpliesLive 5', 'NoPanic 16'],
  'keycache › replay-coherency before-fix alloc': ['CleanEntryIsCurrent 2'],
  'keycache › replay-coherency before-fix alloc large 3 positions': ['CleanEntryIsCurrent 2'],
  'keycache › flush-coherency buggy faults': ['NoFlushAfterTopologyError 41', 'DirtyImpliesLive 38', 'IncoherentFlushGoesReadOnly 43', 'NoPanic 43'],
  'keycache › flush-coherency error-return faults': ['NoFlushAfterTopologyError 41', 'DirtyImpliesLive 38'],
  'keycache › flush-coherency topology-stops-ops faults': ['DirtyImpliesLive 38'],
  'keycache › flush-coherency buggy faults large 3 positions': ['DirtyImpliesLive 173', 'NoFlushAfterTopologyError 196', 'IncoherentFlushGoesReadOnly 184', 'NoPanic 184'],
  'keycache › flush-coherency error-return faults large 3 positions': ['DirtyImpliesLive 173', 'NoFlushAfterTopologyError 196'],
  'keycache › flush-coherency topology-stops-ops faults large 3 positions': ['DirtyImpliesLive 173'],
  'simulate › keycache buggy faults, 200 random runs': ['NoFlushAfterTopologyError 41', 'DirtyImpliesLive 38', 'IncoherentFlushGoesReadOnly 43', 'NoPanic 43'],
  'simulate › early-bucket-race buggy, 200 PCT runs': ['LockedKeyIsCurrent 8', 'NoDoubleAllocation 12'],
  'simulate › bcache buggy, 1000 coverage-guided runs': ['NoStaleHit 9'],
  'simulate › early-bucket-race buggy, up to 1 switch': ['LockedKeyIsCurrent 8', 'NoDoubleAllocation 12'],
  'validate › early-bucket-race buggy against the implementation logs': ['LockedKeyIsCurrent 8', 'NoDoubleAllocation 12'],
};

const label = (v: Violation): string => `${v.kind === 'deadlock' ? 'deadlock' : v.name} ${v.trace.length}`;
const violated = (r: CheckResult): string[] => r.violations.map((v) => (v.kind === 'deadlock' ? 'deadlock' : v.name)).sort();

/** Action indices of a trace, found by replaying it: the action equal to the step's, leading to the step's state. */
function pathOf(engine: StepEngine, trace: readonly TraceStep[]): { init: number; actions: number[] } {
  const inits = engine.initialStates();
  const init = inits.findIndex((i) => fingerprint(i.state) === fingerprint(trace[0]!.state));
  const actions: number[] = [];
  let state = trace[0]!.state;
  for (const step of trace.slice(1)) {
    const candidates = engine.actions(state);
    const index = candidates.findIndex((a, k) => fingerprint(a) === fingerprint(step.action) && fingerprint(engine.step(state, a, k)?.state ?? null) === fingerprint(step.state));
    actions.push(index);
    state = step.state;
  }
  return { init, actions };
}

/** Replays a counterexample through the engine's one replay and says whether its last step breaks the property. */
function breaks(model: AnyModel, params: Params, v: Violation): boolean {
  const engine = new StepEngine(model, params, {
    invariants: v.kind === 'invariant' ? [v.name] : [],
    actionInvariants: v.kind === 'action-invariant' ? [v.name] : [],
    reachable: [],
    deadlock: true,
    symmetry: false,
  });
  const p = pathOf(engine, v.trace);
  expect(p.init).toBeGreaterThanOrEqual(0);
  expect(p.actions).not.toContain(-1);
  const trace = replay(engine, p);
  const last = trace[trace.length - 1]!;
  if (v.kind === 'invariant') return engine.violatedInvariants(last.state).includes(v.name);
  if (v.kind === 'action-invariant') return engine.violatedActionInvariants(trace[trace.length - 2]!.state, last.action!, last.state).includes(v.name);
  return engine.isDeadlock(last.state, engine.successors(last.state).length);
}

// Entries of several spec files share a model and params: each configuration is run once per strategy.
const runs = new Map<string, CheckResult>();

function run(model: AnyModel, params: Params, strategy: 'bfs' | 'dfs'): CheckResult {
  const key = `${strategy} ${model.name} ${JSON.stringify(Object.entries(params).sort())}`;
  let result = runs.get(key);
  if (result === undefined) {
    // Temporal properties are the breadth-first search's only: the others are checked.
    const only = Object.keys(model.properties ?? {}).length > 0 ? { invariants: [...Object.keys(model.invariants), ...Object.keys(model.actionInvariants ?? {})] } : {};
    result = check(model, { params, continue: true, strategy, ...only });
    runs.set(key, result);
  }
  return result;
}

/**
 * The depth-first verdicts are judged against each entry's expectations, which pin the breadth-first search's
 * (`npm run suite` checks them), temporal properties left out; the counts of the entries that hold against a
 * breadth-first run (a complete search expands every state once, in any order). Violating entries are not run
 * breadth-first here, to keep the test short: their shortest traces are pinned in the spec files. Entries of
 * bounded searches (simulation, switch bounds) are compared with a breadth-first run.
 */
describe('depth-first search on every entry of the bundled suites', () => {
  const specs = fs.readdirSync(SPECS).filter((n) => n.endsWith('.spec.ts')).sort();
  const seen = new Set<string>();

  for (const spec of specs) {
    it(`${spec}: the suite's verdicts, and the breadth-first counts where they hold; its own traces, each breaking its property`, () => {
      const file = path.join(SPECS, spec);
      for (const { entry, modelPath } of loadSuite(file).entries) {
        const name = `${spec.replace('.spec.ts', '')} › ${entry.name}`;
        seen.add(name);
        const model = loadModel(modelPath as string, { typecheck: false });
        const params = resolveParams(model, (entry.params ?? {}) as Params);
        const dfs = run(model, params, 'dfs');
        expect(dfs.search.strategy).toBe('dfs');
        expect([name, dfs.statesPerDepth.reduce((a, b) => a + b, 0)]).toEqual([name, dfs.distinctStates]);
        expect([name, dfs.violations.map(label)]).toEqual([name, DFS_TRACES[name] ?? []]);
        for (const v of dfs.violations) {
          expect(v.trace.length).toBeGreaterThanOrEqual(entry.traces?.[v.name]?.length ?? 0);
          expect([name, v.name, breaks(model, params, v)]).toEqual([name, v.name, true]);
        }
        if (entry.mode === 'simulate' || entry.maxSwitches !== undefined) {
          // Its expectations are of a bounded search: the exhaustive ones are the breadth-first search's.
          const bfs = run(model, params, 'bfs');
          expect([name, dfs.verdict, violated(dfs)]).toEqual([name, bfs.verdict, violated(bfs)]);
          continue;
        }
        const { properties, problems } = evaluateEntry({ ...entry, traces: {} }, model, dfs);
        const safety = properties.filter((p) => p.kind !== 'liveness');
        expect([name, problems, safety.flatMap((p) => p.problems.map((q) => `${p.name}: ${q}`))]).toEqual([name, [], []]);
        const violatedSafety = safety.filter((p) => p.expected === 'violated');
        const verdict = violatedSafety.some((p) => p.kind !== 'deadlock') ? 'violation' : violatedSafety.length > 0 ? 'deadlock' : 'ok';
        expect([name, dfs.verdict]).toEqual([name, verdict]);
        if (verdict === 'ok') {
          const bfs = run(model, params, 'bfs');
          expect([name, bfs.verdict, dfs.distinctStates, dfs.generatedStates]).toEqual([name, 'ok', bfs.distinctStates, bfs.generatedStates]);
          expect(dfs.depth).toBeGreaterThanOrEqual(bfs.depth);
        }
      }
    }, 300_000);
  }

  it('pins traces only of entries that exist', () => {
    for (const name of Object.keys(DFS_TRACES)) expect(seen).toContain(name);
  });
});

type S = { readonly n: number; readonly log: number[] };
type A = { readonly type: 'Inc' | 'Dec' };

/** A counter from 0 to `top`; `fault` at n = 2: next() throws, or changes the state it was given. */
function counter(fault?: 'throw' | 'mutate', top = 4) {
  return defineModel<S, A, Record<string, never>>({
    name: 'counter',
    params: {},
    init: () => [{ n: 0, log: [] }],
    actions: () => [{ type: 'Inc' }, { type: 'Dec' }],
    next: (s, a) => {
      if (s.n === 2 && fault === 'throw') throw new RangeError('n is too large');
      if (s.n === 2 && fault === 'mutate') s.log.push(s.n);
      if (a.type === 'Dec') return s.n > 0 ? { n: s.n - 1, log: s.log } : undefined;
      return s.n < top ? { n: s.n + 1, log: s.log } : undefined;
    },
    invariants: { Small: (s) => s.n < top },
    deadlock: false,
  });
}

describe('depth-first search: the engine decides, the driver orders', () => {
  it('finds the deep end first: a violation on the longest path, depth the longest path explored', () => {
    const r = check(counter(undefined, 6), { strategy: 'dfs' });
    expect(r.verdict).toBe('violation');
    expect(r.violations.map((v) => v.trace.map((s) => (s.state as S).n))).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
    expect([r.distinctStates, r.generatedStates, r.depth, r.search]).toEqual([7, 7, 7, { strategy: 'dfs', workers: 1, symmetry: false }]);
    const all = check(counter(undefined, 6), { strategy: 'dfs', invariants: [] });
    // 7 states, each expanded once: 1 + 12 successors (Inc in 0..5, Dec in 1..6).
    expect([all.verdict, all.distinctStates, all.generatedStates, all.depth, all.statesPerDepth]).toEqual(['ok', 7, 13, 7, [1, 1, 1, 1, 1, 1, 1]]);
    expect(all.coverage).toEqual({ Inc: { enabled: 6, distinct: 6 }, Dec: { enabled: 6, distinct: 0 } });
  });

  it('gives the same IL301 text as the breadth-first search for a throwing next(), with the trace to the state', () => {
    const bfs = check(counter('throw'));
    const dfs = check(counter('throw'), { strategy: 'dfs' });
    expect(dfs.verdict).toBe('error');
    if (dfs.verdict !== 'error' || bfs.verdict !== 'error') throw new Error('expected errors');
    expect(dfs.error.code).toBe('IL301');
    expect(dfs.error.message).toBe(bfs.error.message);
    expect(dfs.trace.map((s) => (s.state as S).n)).toEqual([0, 1, 2]);
  });

  it('reports a next() that changes its input as IL304, as the breadth-first search does', () => {
    const bfs = check(counter('mutate'));
    const dfs = check(counter('mutate'), { strategy: 'dfs' });
    expect(dfs.verdict === 'error' && dfs.error.code).toBe('IL304');
    expect(dfs.verdict === 'error' && bfs.verdict === 'error' && dfs.error.message === bfs.error.message).toBe(true);
  });

  it('reports a next() that is not deterministic as IL303', () => {
    let calls = 0;
    const model = defineModel<{ x: number }, { type: 'Step' }, Record<string, never>>({
      name: 'flaky',
      params: {},
      init: () => [{ x: 0 }],
      actions: () => [{ type: 'Step' }],
      next: (s) => (s.x < 3 ? { x: s.x + 1 + (calls++ % 2) } : undefined),
      invariants: {},
      deadlock: false,
    });
    const r = check(model, { strategy: 'dfs' });
    expect(r.verdict === 'error' && r.error.code).toBe('IL303');
  });

  it('stops at max-states with exactly that many states', () => {
    const r = check(counter(undefined, 1000), { strategy: 'dfs', maxStates: 50, invariants: [] });
    expect([r.verdict, r.verdict === 'incomplete' && r.reason, r.distinctStates, r.depth]).toEqual(['incomplete', 'max-states', 50, 50]);
  });

  it('with maxDepth, leaves states that deep unexpanded and says so (max-depth)', () => {
    const r = check(counter(undefined, 10), { strategy: 'dfs', maxDepth: 4, invariants: [] });
    expect([r.verdict, r.verdict === 'incomplete' && r.reason, r.distinctStates, r.depth]).toEqual(['incomplete', 'max-depth', 4, 4]);
  });

  it('honours the constraint, reachability and symmetry as the breadth-first search does (same counts)', () => {
    const twoPhase = loadModel(path.resolve(__dirname, '../../models/conformance/two-phase.ts'), { typecheck: false });
    for (const symmetry of [true, false]) {
      const bfs = check(twoPhase, { params: { rm: 3 }, symmetry });
      const dfs = check(twoPhase, { params: { rm: 3 }, symmetry, strategy: 'dfs' });
      expect([dfs.verdict, dfs.distinctStates, dfs.generatedStates, dfs.search.symmetry, dfs.reachable]).toEqual([bfs.verdict, bfs.distinctStates, bfs.generatedStates, bfs.search.symmetry, bfs.reachable]);
    }
    const edge = loadModel(path.resolve(__dirname, '../../models/conformance/constraint-edge.ts'), { typecheck: false });
    const safety = [...Object.keys(edge.invariants), ...Object.keys(edge.actionInvariants ?? {})];
    const b = check(edge, { invariants: safety, continue: true });
    const d = check(edge, { invariants: safety, continue: true, strategy: 'dfs' });
    expect([d.verdict, violated(d), d.distinctStates, d.generatedStates]).toEqual([b.verdict, violated(b), b.distinctStates, b.generatedStates]);
  });

  it('refuses, before it starts, what it cannot do: IL101', () => {
    const refused = (options: object): string => {
      try {
        check(counter(), options);
      } catch (error) {
        if (error instanceof InterleaveError) return `${error.code} ${error.message}`;
        throw error;
      }
      return 'accepted';
    };
    expect(refused({ strategy: 'depth' })).toBe('IL101 Option strategy (--strategy) must be "bfs" or "dfs", got "depth".');
    expect(refused({ strategy: 'dfs', workers: 2 })).toBe('IL101 Strategy dfs (--strategy dfs) runs on one thread, but workers (--workers) is 2.');
    expect(refused({ strategy: 'dfs', memoryMb: 10 })).toMatch(/^IL101 Strategy dfs \(--strategy dfs\) keeps no frontier to spill/);
    expect(refused({ strategy: 'dfs', workers: 1 })).toBe('accepted');
  });

  it('refuses temporal properties, naming --strategy bfs and the --invariant flags that select the others', () => {
    const model = loadModel(path.resolve(__dirname, '../../models/alloc/replay-allocator-stuck.ts'), { typecheck: false });
    let error: InterleaveError | undefined;
    try {
      check(model, { strategy: 'dfs' });
    } catch (e) {
      error = e as InterleaveError;
    }
    expect(error?.code).toBe('IL101');
    expect(error?.message).toBe(
      'Strategy dfs (--strategy dfs) does not check temporal properties, and model alloc/replay-allocator-stuck has "ReplayEventuallyCompletes" to check: liveness needs the whole state graph, which the breadth-first search records.',
    );
    expect(error?.hint).toBe('Check them with --strategy bfs (the default), or check only the other properties with dfs: --invariant NoDiscardOfOpenBucket (option invariants).');
    expect(check(model, { strategy: 'dfs', invariants: ['NoDiscardOfOpenBucket'] }).verdict).toBe('deadlock');
  });
});
