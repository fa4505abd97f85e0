/**
 * The bcache read-miss / bypass-write stale-data race (models/bcache/stale-read-race.ts): verdicts,
 * distinct-state counts and shortest counterexamples per variant, with power failure off and on, as `check`
 * computed them; and replays of the interleavings the fixes are about.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
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
/** A cached copy, a bypass write that reaches the backing device, the key persisted, power lost. */
const CRASH_WINDOW = ['read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'write-backing-done', 'persist-key', 'power-fail', 'recover'];

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
      .filter((a) => Object.entries(want).every(([k, v]) => (a as unknown as Record<string, unknown>)[k] === v));
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
    expect(result.reachable).toEqual({ CacheHit: true, HitAfterWrite: true });
  });

  it('buggy with power failure: both properties fail', () => {
    const { traces, counts } = run({ variant: 'buggy', powerFail: true });
    expect(counts).toEqual([1491, 2681, 14]);
    expect(traces).toEqual({ NoStaleAfterCrash: CRASH_WINDOW, NoStaleHit: RUNTIME_RACE });
  });

  it('v1-invalidate-after-complete: holds at run time, leaves a stale key after a power failure', () => {
    const off = run({ variant: 'v1-invalidate-after-complete' });
    expect(off.result.verdict).toBe('ok');
    expect(off.counts).toEqual([499, 985, 12]);
    const on = run({ variant: 'v1-invalidate-after-complete', powerFail: true });
    expect(on.counts).toEqual([1239, 2088, 14]);
    expect(on.traces).toEqual({ NoStaleAfterCrash: CRASH_WINDOW });
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
    const reach = { CacheHit: true, HitAfterWrite: true };
    expect(rows).toEqual([
      ['ok', 477, 912, 12, {}, reach],
      ['violation', 1251, 2045, 14, { NoStaleAfterCrash: CRASH_WINDOW }, reach],
      ['ok', 2225, 4845, 13, {}, reach],
      ['violation', 6065, 10709, 15, { NoStaleAfterCrash: CRASH_WINDOW }, reach],
    ]);
  });

  it('inflight-ranges-flush: holds both, with and without power failure, and still caches', () => {
    for (const [powerFail, counts] of [
      [false, [368, 637, 12]],
      [true, [970, 1523, 14]],
    ] as const) {
      const r = run({ variant: 'inflight-ranges-flush', powerFail });
      expect(r.result.verdict).toBe('ok');
      expect(r.counts).toEqual(counts);
      expect(r.result.reachable).toEqual({ CacheHit: true, HitAfterWrite: true });
    }
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
    expect([crash.result.verdict, ...crash.counts]).toEqual(['ok', 22315, 38757, 19]);
  });

  it('the in-flight check stops the racing miss from caching what it read', () => {
    const race = [
      { type: 'write-start' },
      { type: 'write-invalidate' },
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
    ] as const;
    const buggy = replay({ variant: 'buggy' }, race);
    expect(buggy.mem.readers[0]).toMatchObject({ phase: 'inserting', data: 0 });
    const fixed = replay({ variant: 'inflight-ranges' }, race);
    expect(fixed.mem.readers[0]).toMatchObject({ phase: 'done', served: 'backing', got: 0 });
    expect(fixed.mem.index[0]).toEqual({ check: 0 });
  });

  it('inflight-chunks: a write to one sector also stops caching the other sector of its chunk', () => {
    const path = [
      { type: 'write-start', sector: 0 },
      { type: 'read-lookup', reader: 0, sector: 1 },
      { type: 'read-backing-done', reader: 0 },
    ] as const;
    expect(replay({ variant: 'inflight-chunks', sectors: 2 }, path).mem.readers[0]?.phase).toBe('done');
    expect(replay({ variant: 'inflight-ranges', sectors: 2 }, path).mem.readers[0]?.phase).toBe('inserting');
  });
});
