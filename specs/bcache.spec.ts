/**
 * The bcache read-miss / bypass-write stale-data race (seed 004): expected verdicts per variant, with power
 * failure (the generated crash step) off and on, the shortest counterexamples pinned, and a larger scope of two
 * sectors and two writes. Deadlocks are checked in the entries without power failure.
 */
import { defineSuite } from 'interleave';

const MODEL = '../models/bcache/stale-read-race.ts';
const RUNTIME_RACE = [
  'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete', 'read-lookup',
];
/** The old data cached and its key journaled; the bypass bio reaches the backing device in flight; power fails. */
const CRASH_WINDOW = ['read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'persist-key', 'Crash'];
const staleHit = { NoStaleHit: { length: 9, actions: RUNTIME_RACE } };
const staleAfterCrash = { NoStaleAfterCrash: { length: 7, actions: CRASH_WINDOW } };
const caching = { CacheHit: 'holds', HitAfterWrite: 'holds' } as const;

export default defineSuite({
  name: 'bcache',
  entries: [
    {
      name: 'buggy',
      model: MODEL,
      params: { variant: 'buggy', powerFail: false },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'holds', ...caching },
      traces: staleHit,
    },
    {
      name: 'buggy, power failure',
      model: MODEL,
      params: { variant: 'buggy', powerFail: true },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'violated', ...caching },
      traces: { ...staleHit, ...staleAfterCrash },
    },
    {
      name: 'v1-invalidate-after-complete',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: false },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', ...caching },
    },
    {
      name: 'v1-invalidate-after-complete, power failure',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges',
      model: MODEL,
      params: { variant: 'inflight-ranges', powerFail: false },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', ...caching },
    },
    {
      name: 'inflight-ranges, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-chunks, 2 sectors in 1 chunk',
      model: MODEL,
      params: { variant: 'inflight-chunks', powerFail: false, sectors: 2, chunkSectors: 2 },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', ...caching },
    },
    {
      name: 'inflight-chunks, 2 sectors in 1 chunk, power failure',
      model: MODEL,
      params: { variant: 'inflight-chunks', powerFail: true, sectors: 2, chunkSectors: 2 },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'violated', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges-flush',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: false },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', ...caching },
    },
    {
      name: 'inflight-ranges-flush, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: true },
      expect: { NoStaleHit: 'holds', NoStaleAfterCrash: 'holds', ...caching },
    },
    {
      name: 'buggy, 2 sectors, 2 writes',
      model: MODEL,
      params: { variant: 'buggy', powerFail: false, sectors: 2, writes: 2 },
      expect: { NoStaleHit: 'violated', ...caching },
      traces: staleHit,
    },
    {
      name: 'v1-invalidate-after-complete, 2 sectors, 2 writes',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: false, sectors: 2, writes: 2 },
      expect: caching,
    },
    {
      name: 'inflight-chunks, 2 sectors, 2 writes',
      model: MODEL,
      params: { variant: 'inflight-chunks', powerFail: false, sectors: 2, writes: 2 },
      expect: caching,
    },
    {
      name: 'v1-invalidate-after-complete, 2 sectors, 2 writes, power failure',
      model: MODEL,
      params: { variant: 'v1-invalidate-after-complete', powerFail: true, sectors: 2, writes: 2 },
      expect: { NoStaleAfterCrash: 'violated', ...caching },
      traces: staleAfterCrash,
    },
    {
      name: 'inflight-ranges-flush, two crashes',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: true, maxCrashes: 2 },
      expect: caching,
    },
    {
      name: 'inflight-ranges-flush, 2 sectors, 2 writes, power failure',
      model: MODEL,
      params: { variant: 'inflight-ranges-flush', powerFail: true, sectors: 2, writes: 2 },
      expect: caching,
    },
  ],
});
