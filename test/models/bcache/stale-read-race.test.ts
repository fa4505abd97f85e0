/**
 * The bcache read-miss / bypass-write stale-data race (models/bcache/stale-read-race.ts): verdicts,
 * distinct-state counts and shortest counterexamples per variant, with power failure (the generated crash step)
 * off and on, as `check` computed them; and replays of the interleavings the fixes are about.
 */
import { describe, expect, it } from 'vitest';
import { check, writeStatus } from 'interleave';
import model from '../../../models/bcache/stale-read-race';

type S = ReturnType<typeof model.init>[number];
type A = ReturnType<typeof model.actions>[number];

/** The race of the v1 patch's cover letter: invalidation, miss and placeholder, stale insert, write lands, hit. */
const RUNTIME_RACE = [
  'write-start',
  'write-invalidate',
  'read-lookup',
  'read-backing-done',
  'read-insert',
  'write-backing-done',
  'write-complete',
  'read-lookup',
];
/** A cached copy and its key persisted, a bypass write whose bio reaches the backing device in flight, power lost. */
const CRASH_WINDOW = ['read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'persist-key', 'Crash'];
const REACH = { CacheHit: true, HitAfterWrite: true };

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((t) => t.action?.type ?? null);

function run(params: Record<string, string | number | boolean>) {
  const result = check(model, { params, continue: true });
  const traces = Object.fromEntries(result.violations.map((v) => [v.name, types(v.trace).slice(1)]));
  return { result, traces, counts: [result.distinctStates, result.generatedStates, result.depth] };
}

/** Applies one action per step, chosen by type and, where several are enabled, by its fields. */
function replay(params: Record<string, string | number | boolean>, path: readonly Partial<A>[]): S {
  const p = { ...model.params, ...params };
  let state = model.init(p)[0] as S;
  for (const want of path) {
    const matching = model
      .actions(state, p)
      .filter((a) => Object.entries(want).every(([k, v]) => JSON.stringify((a as unknown as Record<string, unknown>)[k]) === JSON.stringify(v)));
    const next = matching.map((a) => model.next(state, a, p)).filter((s): s is S => s !== undefined);
    expect(next, JSON.stringify(want)).toHaveLength(1);
    state = next[0] as S;
  }
  return state;
}

describe('bcache/stale-read-race', () => {
  it('buggy: a read hit returns data older than an acknowledged write', () => {
    const { result, traces, counts } = run({ variant: 'buggy' });
    expect(result.verdict).toBe('violation');
    expect(counts).toEqual([648, 1329, 12]);
    expect(traces).toEqual({ NoStaleHit: RUNTIME_RACE });
    expect(result.reachable).toEqual(REACH);
    expect(result.coverage.Crash).toBeUndefined();
  });

  it('buggy with power failure: both properties fail', () => {
    const { traces, counts } = run({ variant: 'buggy', powerFail: true });
    expect(counts).toEqual([1706, 3351, 13]);
    expect(traces).toEqual({ NoStaleAfterCrash: CRASH_WINDOW, NoStaleHit: RUNTIME_RACE });
  });

  it('v1-invalidate-after-complete: holds at run time, caught through the generated crash step', () => {
    const off = run({ variant: 'v1-invalidate-after-complete' });
    expect(off.result.verdict).toBe('ok');
    expect(off.counts).toEqual([499, 985, 12]);
    const on = run({ variant: 'v1-invalidate-after-complete', powerFail: true });
    expect(on.counts).toEqual([1396, 2563, 13]);
    expect(on.traces).toEqual({ NoStaleAfterCrash: CRASH_WINDOW });
    const v = on.result.violations[0]!;
    expect(v.kind).toBe('action-invariant');
    // The bypass bio was still in flight when power failed, and reached the backing device; the journal holds
    // the key of the old data, so recovery replays it.
    expect(writeStatus(v.trace[5]!.state.state.disk.backing, 'bypass1')).toBe('in-flight');
    expect(v.trace[6]!.action).toEqual({ type: 'Crash', actor: 'power', persisted: ['backing:bypass1'], lost: [] });
    expect(v.trace[6]!.state.crashes).toBe(1);
    expect(v.trace[6]!.state.state.disk).toEqual({ backing: { sectors: [1], cache: [] }, cache: { sectors: [0], cache: [] } });
    expect(v.trace[6]!.state.state.mem.index).toEqual([{ ver: 0 }]);
  });

  it('inflight-ranges and inflight-chunks: hold at run time, not across a power failure', () => {
    const scopes: Record<string, string | number | boolean>[] = [
      { variant: 'inflight-ranges' },
      { variant: 'inflight-ranges', powerFail: true },
      { variant: 'inflight-chunks', sectors: 2 },
      { variant: 'inflight-chunks', sectors: 2, powerFail: true },
    ];
    const rows = scopes.map((params) => {
      const { result, traces, counts } = run(params);
      return [result.verdict, ...counts, traces, result.reachable];
    });
    expect(rows).toEqual([
      ['ok', 477, 912, 12, {}, REACH],
      ['violation', 1462, 2574, 13, { NoStaleAfterCrash: CRASH_WINDOW }, REACH],
      ['ok', 2225, 4845, 13, {}, REACH],
      ['violation', 7464, 13992, 14, { NoStaleAfterCrash: CRASH_WINDOW }, REACH],
    ]);
  });

  it('inflight-ranges-flush: holds both, with up to two crashes, and still caches', () => {
    for (const [params, counts] of [
      [{ powerFail: false }, [368, 637, 12]],
      [{ powerFail: true }, [983, 1679, 13]],
      [{ powerFail: true, maxCrashes: 2 }, [1600, 2725, 14]],
    ] as const) {
      const r = run({ variant: 'inflight-ranges-flush', ...params });
      expect(r.result.verdict).toBe('ok');
      expect(r.counts).toEqual(counts);
      expect(r.result.reachable).toEqual(REACH);
    }
  });

  it('powerFail is the switch of the crash bound: off means no crash step whatever maxCrashes says', () => {
    const off = run({ variant: 'buggy', powerFail: false, maxCrashes: 3 });
    expect(off.counts).toEqual([648, 1329, 12]);
    expect(off.result.coverage.Crash).toBeUndefined();
    const zero = run({ variant: 'inflight-ranges-flush', powerFail: true, maxCrashes: 0 });
    expect(zero.counts).toEqual([368, 637, 12]);
    expect(run({ variant: 'inflight-ranges-flush', powerFail: true }).result.coverage.Crash).toEqual({ enabled: 611, distinct: 309 });
  });

  it('keeps the verdicts with two sectors and two writes', () => {
    const rows = ['buggy', 'v1-invalidate-after-complete', 'inflight-ranges', 'inflight-chunks', 'inflight-ranges-flush'].map((variant) => {
      const { result } = run({ variant, sectors: 2, writes: 2 });
      return [variant, result.verdict, result.distinctStates];
    });
    expect(rows).toEqual([
      ['buggy', 'violation', 16507],
      ['v1-invalidate-after-complete', 'ok', 11749],
      ['inflight-ranges', 'ok', 12619],
      ['inflight-chunks', 'ok', 13671],
      ['inflight-ranges-flush', 'ok', 9019],
    ]);
    const crash = run({ variant: 'inflight-ranges-flush', sectors: 2, writes: 2, powerFail: true });
    expect([crash.result.verdict, ...crash.counts]).toEqual(['ok', 27920, 55402, 18]);
  });

  it('v1: a crash after the backing bio completed may keep or lose it; only keeping it leaves a stale key', () => {
    const prefix = [
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
      { type: 'read-insert', reader: 0 },
      { type: 'write-start' },
      { type: 'write-backing-done' },
      { type: 'persist-key' },
    ] as const;
    const params = { variant: 'v1-invalidate-after-complete', powerFail: true };
    const before = replay(params, prefix);
    expect(writeStatus(before.state.disk.backing, 'bypass1')).toBe('completed');
    const crashes = model.actions(before, { ...model.params, ...params }).filter((a) => a.type === 'Crash');
    expect(crashes).toEqual([
      { type: 'Crash', actor: 'power', persisted: [], lost: ['backing:bypass1'] },
      { type: 'Crash', actor: 'power', persisted: ['backing:bypass1'], lost: [] },
    ]);
    const lost = replay(params, [...prefix, { type: 'Crash', persisted: [] }]);
    expect([lost.state.disk.backing.sectors, lost.state.mem.index]).toEqual([[0], [{ ver: 0 }]]);
    const kept = replay(params, [...prefix, { type: 'Crash', persisted: ['backing:bypass1'] }]);
    expect([kept.state.disk.backing.sectors, kept.state.mem.index]).toEqual([[1], [{ ver: 0 }]]);
  });

  it('inflight-ranges-flush: the backing bio waits until the invalidation is on the cache device', () => {
    const params = { variant: 'inflight-ranges-flush', powerFail: true };
    const p = { ...model.params, ...params };
    const started = replay(params, [{ type: 'write-start' }]);
    expect(model.next(started, { type: 'write-backing-done', actor: 'writer' }, p)).toBeUndefined();
    // A sector never cached has no key on the cache device: once invalidated in memory, the bio may go.
    const invalidated = replay(params, [{ type: 'write-start' }, { type: 'write-invalidate' }]);
    expect(model.next(invalidated, { type: 'write-backing-done', actor: 'writer' }, p)).toBeDefined();
    // A cached sector's key must first be removed from the cache device.
    const cached = replay(params, [
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
      { type: 'read-insert', reader: 0 },
      { type: 'persist-key' },
      { type: 'write-start' },
      { type: 'write-invalidate' },
    ]);
    expect(model.next(cached, { type: 'write-backing-done', actor: 'writer' }, p)).toBeUndefined();
    const persisted = replay(params, [
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
      { type: 'read-insert', reader: 0 },
      { type: 'persist-key' },
      { type: 'write-start' },
      { type: 'write-invalidate' },
      { type: 'persist-key' },
      { type: 'write-backing-done' },
    ]);
    expect(writeStatus(persisted.state.disk.backing, 'bypass1')).toBe('completed');
    expect(persisted.state.disk.cache.sectors).toEqual([null]);
  });

  it('the in-flight check stops the racing miss from caching what it read', () => {
    const race = [
      { type: 'write-start' },
      { type: 'write-invalidate' },
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
    ] as const;
    const buggy = replay({ variant: 'buggy' }, race);
    expect(buggy.state.mem.readers[0]).toMatchObject({ phase: 'inserting', data: 0 });
    const fixed = replay({ variant: 'inflight-ranges' }, race);
    expect(fixed.state.mem.readers[0]).toMatchObject({ phase: 'done', served: 'backing', got: 0 });
    expect(fixed.state.mem.index[0]).toEqual({ check: 0 });
  });

  it('inflight-chunks: a write to one sector also stops caching the other sector of its chunk', () => {
    const path = [
      { type: 'write-start', sector: 0 },
      { type: 'read-lookup', reader: 0, sector: 1 },
      { type: 'read-backing-done', reader: 0 },
    ] as const;
    expect(replay({ variant: 'inflight-chunks', sectors: 2 }, path).state.mem.readers[0]?.phase).toBe('done');
    expect(replay({ variant: 'inflight-ranges', sectors: 2 }, path).state.mem.readers[0]?.phase).toBe('inserting');
  });
});
