/**
 * bcache crash-consistency models, with their shortest counterexamples pinned.
 *
 * stale-read-race (seed 004): the read-miss / bypass-write race per variant, with power failure (the generated
 * crash step) off and on, and the writer's REQ_PREFLUSH | REQ_FUA writes (`fuaWrites`). `NoStaleAfterFlush` is the
 * race's damage across a power failure; `NoStaleAfterCrash` is bcache's ordinary window for an unflushed write,
 * violated by every variant that lets the backing bio go before the invalidation is journaled. Deadlocks are
 * checked in the entries without power failure.
 *
 * detach-race (df4ad532): a write straight to the backing device while the detach is pending, on a backing disk
 * with a volatile write cache (default) and without one.
 */
import { defineSuite } from 'interleave';

const MODEL = '../models/bcache/stale-read-race.ts';
const DETACH = '../models/bcache/detach-race.ts';

/** The race of the v1 patch's cover letter: invalidation, miss and placeholder, stale insert, write lands, hit. */
const RUNTIME_RACE = [
  'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete', 'read-lookup',
];
/** The old data cached and its node written; the bypass bio reaches the backing device in flight; power fails. */
const CRASH_WINDOW = ['read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'node-write', 'Crash'];
/** The race, its invalidation's entry written, the stale node written, the flush's journal write past the invalidation. */
const FLUSHED_RACE = [
  'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete',
  'journal-write', 'node-write', 'flush', 'Crash',
];
/** The same with a REQ_PREFLUSH | REQ_FUA write, whose invalidation is journaled before it completes. */
const FUA_RACE = [
  'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete',
  'node-write', 'flush', 'Crash',
];
const staleHit = { NoStaleHit: { length: 9, actions: RUNTIME_RACE } };
const staleAfterCrash = { NoStaleAfterCrash: { length: 7, actions: CRASH_WINDOW } };
const caching = { CacheHit: 'holds', HitAfterWrite: 'holds' } as const;

/** The detach is requested, writeback ends and the thread exits, the write goes straight to the backing device. */
const DIRECT_WRITE = ['detach', 'writeback', 'writeback-done', 'write'];
const detachReach = { Detached: 'holds', DirectWrite: 'holds' } as const;

export default defineSuite({
  name: 'bcache',
  entries: [
    {
      name: 'buggy',
      model: MODEL,
      params: { variant: 'buggy', powerFail: false },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'holds', NoStaleAfterFlush: 'holds', ...caching },
      traces: staleHit,
    },
    {
      name: 'buggy, power failure',
      model: MODEL,
      params: { variant: 'buggy', powerFail: true },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'violated', ...caching },
      traces: { ...staleHit, ...staleAfterCrash, NoStaleAfterFlush: { length: 12, actions: FLUSHED_RACE } },
    },
    {
      name: 'buggy, FUA writes, power failure',
      model: MODEL,
      params: { variant: 'buggy', powerFail: true, fuaWrites: true },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'violated', ...caching },
      traces: { ...staleHit, ...staleAfterCrash, NoStaleAfterFlush: { length: 11, actions: FUA_RACE } },
    },
    {
      name: 'v1-invalidate-after-complete',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: false },
      expect: { NoStaleHit: 'holds', ...caching },
    },
    {
      name: 'v1-invalidate-after-complete, power failure',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'holds', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges',
      model: MODEL,
      params: { variant: 'inflight-ranges', powerFail: false },
      expect: { NoStaleHit: 'holds', ...caching },
    },
    {
      name: 'inflight-ranges, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'holds', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges, FUA writes, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges', powerFail: true, fuaWrites: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'holds', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-chunks, 2 sectors in 1 chunk',
      model: MODEL,
      params: { variant: 'inflight-chunks', powerFail: false, sectors: 2, chunkSectors: 2 },
      expect: { NoStaleHit: 'holds', ...caching },
    },
    {
      name: 'inflight-chunks, 2 sectors in 1 chunk, power failure',
      model: MODEL,
      params: { variant: 'inflight-chunks', powerFail: true, sectors: 2, chunkSectors: 2 },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'holds', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges-flush',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: false },
      expect: { NoStaleHit: 'holds', ...caching },
    },
    {
      name: 'inflight-ranges-flush, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', NoStaleAfterFlush: 'holds', ...caching },
    },
    {
      name: 'inflight-ranges-flush, two crashes',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: true, maxCrashes: 2 },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', NoStaleAfterFlush: 'holds', ...caching },
    },
    {
      name: 'detach-race buggy',
      model: DETACH,
      params: { variant: 'buggy' },
      expect: { NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'violated', ...detachReach },
      traces: {
        NoStaleAfterCrash: { length: 6, actions: [...DIRECT_WRITE, 'Crash'] },
        NoStaleAfterFlush: { length: 7, actions: [...DIRECT_WRITE, 'flush', 'Crash'] },
      },
    },
    {
      name: 'detach-race buggy, no backing write cache',
      model: DETACH,
      params: { variant: 'buggy', backingCache: false },
      expect: { NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'violated', ...detachReach },
      traces: {
        NoStaleAfterCrash: { length: 6, actions: [...DIRECT_WRITE, 'Crash'] },
        NoStaleAfterFlush: { length: 7, actions: [...DIRECT_WRITE, 'flush', 'Crash'] },
      },
    },
    {
      // The superblock write that says none carries no FUA: a crash may keep the direct write and lose it.
      name: 'detach-race fixed',
      model: DETACH,
      params: { variant: 'fixed' },
      expect: { NoStaleAfterCrash: 'violated', NoStaleAfterFlush: 'holds', ...detachReach },
      traces: { NoStaleAfterCrash: { length: 6, actions: [...DIRECT_WRITE, 'Crash'] } },
    },
    {
      name: 'detach-race fixed, no backing write cache',
      model: DETACH,
      params: { variant: 'fixed', backingCache: false },
      expect: { NoStaleAfterCrash: 'holds', NoStaleAfterFlush: 'holds', ...detachReach },
    },
    { name: 'detach-race buggy, no crash', model: DETACH, params: { variant: 'buggy', maxCrashes: 0 }, expect: detachReach },
    { name: 'detach-race fixed, no crash', model: DETACH, params: { variant: 'fixed', maxCrashes: 0 }, expect: detachReach },
  ],
});
