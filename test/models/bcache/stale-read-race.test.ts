/**
 * The bcache read-miss / bypass-write stale-data race (models/bcache/stale-read-race.ts): verdicts, counts and
 * shortest counterexamples per variant as `check` computed them, with power failure off and on; and replays of
 * the mechanisms: a miss insert that reaches the cache device only with its btree node, and the flush's journal
 * write that moves last_seq past the invalidation.
 */
import { describe, expect, it } from 'vitest';
import { check, InterleaveError, writeStatus } from 'interleave';
import model from '../../../models/bcache/stale-read-race';
import { replay, run } from '../model-harness';

const RUNTIME_RACE = [
  'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete', 'read-lookup',
];
const CRASH_WINDOW = ['read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'node-write', 'Crash'];
const FLUSHED_RACE = [...RUNTIME_RACE.slice(0, -1), 'journal-write', 'node-write', 'flush', 'Crash'];
const REACH = { CacheHit: true, HitAfterWrite: true };

/** The race up to the acknowledgement: the stale version 0 is in the node in memory, the write of 1 is acked. */
const RACE = [
  { type: 'write-start', fua: false },
  { type: 'write-invalidate' },
  { type: 'read-lookup', reader: 0 },
  { type: 'read-backing-done', reader: 0 },
  { type: 'read-insert', reader: 0 },
  { type: 'write-backing-done' },
  { type: 'write-complete' },
];

describe('bcache/stale-read-race', () => {
  it('buggy: a read hit returns data older than an acknowledged write', () => {
    const { result, traces, counts } = run(model, { variant: 'buggy' });
    expect(result.verdict).toBe('violation');
    expect(counts).toEqual([5148, 14618, 14]);
    expect(traces).toEqual({ NoStaleHit: RUNTIME_RACE });
    expect(result.reachable).toEqual(REACH);
    expect(result.coverage.Crash).toBeUndefined();
  });

  it('buggy with power failure: the race survives a flush; the unflushed window shows too', () => {
    const { result, traces, counts } = run(model, { variant: 'buggy', powerFail: true });
    expect(counts).toEqual([10034, 28703, 15]);
    expect(traces).toEqual({ NoStaleAfterCrash: CRASH_WINDOW, NoStaleHit: RUNTIME_RACE, NoStaleAfterFlush: FLUSHED_RACE });
    // Everything was durable at the crash: the stale key is on the cache device and no entry replays over it.
    const v = result.violations.find((x) => x.name === 'NoStaleAfterFlush')!;
    const last = v.trace[v.trace.length - 1]!;
    expect(last.action).toEqual({ type: 'Crash', actor: 'power', persisted: [], lost: [] });
    expect(last.state.state.disk.cache.sectors).toEqual([[0], []]);
    expect([last.state.state.mem.index, last.state.state.disk.backing.sectors, last.state.state.ghost.durable]).toEqual([[{ ver: 0 }], [1], [1]]);
  });

  it('the flush journal write moves last_seq past the invalidation once the node holding the stale key is written', () => {
    const params = { variant: 'buggy', powerFail: true };
    const journaled = replay(model, params, [...RACE, { type: 'journal-write' }]);
    expect(journaled.state.disk.cache.sectors).toEqual([[null], [0]]);
    const nodeWritten = replay(model, params, [...RACE, { type: 'journal-write' }, { type: 'node-write' }]);
    // The stale version is on the cache device, but the invalidation still replays over it.
    expect(nodeWritten.state.disk.cache.sectors).toEqual([[0], [0]]);
    expect(nodeWritten.state.mem.journal).toEqual({ written: [], open: { keys: [], pinned: false } });
    const flushed = replay(model, params, [...RACE, { type: 'journal-write' }, { type: 'node-write' }, { type: 'flush' }]);
    expect(flushed.state.disk.cache.sectors).toEqual([[0], []]);
    // Node written before the entry: the entry still pins itself when written, so replay keeps the invalidation.
    const early = replay(model, params, [...RACE, { type: 'node-write' }, { type: 'flush' }]);
    expect(early.state.disk.cache.sectors).toEqual([[0], [0]]);
  });

  it('a miss insert is not journaled: only a node write puts it on the cache device', () => {
    const params = { variant: 'buggy', powerFail: true };
    const inserted = replay(model, params, [
      { type: 'read-lookup', reader: 0 },
      { type: 'read-backing-done', reader: 0 },
      { type: 'read-insert', reader: 0 },
    ]);
    expect(inserted.state.mem.index).toEqual([{ ver: 0 }]);
    expect(inserted.state.mem.journal.open).toEqual({ keys: [], pinned: false });
    expect(model.next(inserted, { type: 'journal-write', actor: 'journal' }, { ...model.params, ...params })).toBeUndefined();
    expect(inserted.state.disk.cache.sectors).toEqual([[null], []]);
  });

  it('REQ_PREFLUSH | REQ_FUA writes: the invalidation is journaled before the write completes, the race still survives', () => {
    const { traces, counts } = run(model, { variant: 'buggy', powerFail: true, fuaWrites: true });
    expect(counts).toEqual([15102, 41138, 15]);
    expect(traces.NoStaleAfterFlush).toEqual([...RUNTIME_RACE.slice(0, -1), 'node-write', 'flush', 'Crash']);
    const started = replay(model, { variant: 'buggy', fuaWrites: true }, [{ type: 'write-start', fua: true }, { type: 'write-invalidate' }]);
    expect(started.state.disk.cache.sectors).toEqual([[null], [0]]);
    expect(started.state.disk.backing.cache[0]).toMatchObject({ id: 'bypass1', fua: true, preflush: true, status: 'in-flight' });
  });

  it('v1-invalidate-after-complete and inflight-ranges hold NoStaleHit and NoStaleAfterFlush, not the unflushed window', () => {
    const scopes: Record<string, string | boolean>[] = [
      { variant: 'v1-invalidate-after-complete' },
      { variant: 'v1-invalidate-after-complete', powerFail: true },
      { variant: 'inflight-ranges' },
      { variant: 'inflight-ranges', powerFail: true },
      { variant: 'inflight-ranges', powerFail: true, fuaWrites: true },
    ];
    const rows = scopes.map((params) => {
      const { result, traces, counts } = run(model, params);
      return [result.verdict, counts[0], counts[2], traces, result.reachable];
    });
    expect(rows).toEqual([
      ['ok', 3832, 14, {}, REACH],
      ['violation', 7805, 15, { NoStaleAfterCrash: CRASH_WINDOW }, REACH],
      ['ok', 4192, 14, {}, REACH],
      ['violation', 8835, 15, { NoStaleAfterCrash: CRASH_WINDOW }, REACH],
      ['violation', 13230, 15, { NoStaleAfterCrash: CRASH_WINDOW }, REACH],
    ]);
  });

  it('inflight-ranges-flush holds every property, with up to two crashes, and still caches', () => {
    for (const [params, distinct] of [
      [{ powerFail: false }, 2333],
      [{ powerFail: true }, 4592],
      [{ powerFail: true, maxCrashes: 2 }, 6871],
    ] as const) {
      const r = run(model, { variant: 'inflight-ranges-flush', ...params });
      expect([r.result.verdict, r.counts[0]]).toEqual(['ok', distinct]);
      expect(r.result.reachable).toEqual(REACH);
    }
  });

  it('the unflushed window: the bypass bio lands in flight, the cached key of the old data is on the cache device', () => {
    const { result } = run(model, { variant: 'inflight-ranges', powerFail: true });
    const v = result.violations[0]!;
    expect(writeStatus(v.trace[5]!.state.state.disk.backing, 'bypass1')).toBe('in-flight');
    expect(v.trace[6]!.action).toEqual({ type: 'Crash', actor: 'power', persisted: ['backing:bypass1'], lost: [] });
    expect(v.trace[6]!.state.state.mem.index).toEqual([{ ver: 0 }]);
    expect(v.trace[6]!.state.state.ghost.durable).toEqual([0]);
  });

  it('powerFail is the switch of the crash bound: off means no crash step whatever maxCrashes says', () => {
    const off = run(model, { variant: 'buggy', powerFail: false, maxCrashes: 3 });
    expect(off.counts).toEqual([5148, 14618, 14]);
    expect(off.result.coverage.Crash).toBeUndefined();
    const zero = run(model, { variant: 'inflight-ranges-flush', powerFail: true, maxCrashes: 0 });
    expect(zero.counts[0]).toBe(2333);
  });

  it('refuses a variant outside paramValues (IL103)', () => {
    let err: unknown;
    try {
      check(model, { params: { variant: 'nope' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InterleaveError);
    expect((err as InterleaveError).code).toBe('IL103');
  });

  it('the in-flight check stops the racing miss from caching what it read', () => {
    const race = [{ type: 'write-start', fua: false }, { type: 'write-invalidate' }, { type: 'read-lookup', reader: 0 }, { type: 'read-backing-done', reader: 0 }];
    expect(replay(model, { variant: 'buggy' }, race).state.mem.readers[0]).toMatchObject({ phase: 'inserting', data: 0 });
    const fixed = replay(model, { variant: 'inflight-ranges' }, race);
    expect(fixed.state.mem.readers[0]).toMatchObject({ phase: 'done', served: 'backing', got: 0 });
    expect(fixed.state.mem.index[0]).toEqual({ check: 0 });
  });

  it('inflight-chunks: a write to one sector also stops caching the other sector of its chunk', () => {
    const path = [{ type: 'write-start', sector: 0, fua: false }, { type: 'read-lookup', reader: 0, sector: 1 }, { type: 'read-backing-done', reader: 0 }];
    expect(replay(model, { variant: 'inflight-chunks', sectors: 2 }, path).state.mem.readers[0]?.phase).toBe('done');
    expect(replay(model, { variant: 'inflight-ranges', sectors: 2 }, path).state.mem.readers[0]?.phase).toBe('inserting');
  });

  it('inflight-ranges-flush: the backing bio waits for the invalidation, whose entry is written with it', () => {
    const params = { variant: 'inflight-ranges-flush', powerFail: true };
    const started = replay(model, params, [{ type: 'write-start', fua: false }]);
    expect(model.next(started, { type: 'write-backing-done', actor: 'writer' }, { ...model.params, ...params })).toBeUndefined();
    const invalidated = replay(model, params, [{ type: 'write-start', fua: false }, { type: 'write-invalidate' }]);
    expect(invalidated.state.disk.cache.sectors).toEqual([[null], [0]]);
    expect(invalidated.state.disk.backing.cache).toEqual([]);
  });
});
