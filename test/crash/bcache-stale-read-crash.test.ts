import { describe, expect, test } from 'vitest';
import { check } from 'interleave';
import model from '../../models/crash/bcache-stale-read-crash';

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((s) => s.action?.type ?? null);

const STALE_AFTER_CRASH = [null, 'read-lookup', 'read-backing-done', 'read-insert', 'write-start', 'persist-key', 'Crash'];
const STALE_HIT = [null, 'write-start', 'write-invalidate', 'read-lookup', 'read-backing-done', 'read-insert', 'write-backing-done', 'write-complete', 'read-lookup'];

describe('models/crash/bcache-stale-read-crash', () => {
  // [variant, maxCrashes, distinct, generated, depth, violated properties]
  const cases: [string, number, number, number, number, string[]][] = [
    ['buggy', 0, 648, 1329, 12, ['NoStaleHit']],
    ['buggy', 1, 1706, 3351, 13, ['NoStaleAfterCrash', 'NoStaleHit']],
    ['v1-invalidate-after-complete', 0, 499, 985, 12, []],
    ['v1-invalidate-after-complete', 1, 1396, 2563, 13, ['NoStaleAfterCrash']],
    ['inflight-ranges', 0, 477, 912, 12, []],
    ['inflight-ranges', 1, 1462, 2574, 13, ['NoStaleAfterCrash']],
    ['inflight-chunks', 1, 1462, 2574, 13, ['NoStaleAfterCrash']],
    ['inflight-ranges-flush', 0, 368, 637, 12, []],
    ['inflight-ranges-flush', 1, 983, 1679, 13, []],
  ];
  for (const [variant, maxCrashes, distinct, generated, depth, violated] of cases) {
    test(`${variant}, maxCrashes=${maxCrashes}`, () => {
      const r = check(model, { params: { variant, maxCrashes }, continue: true });
      expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([distinct, generated, depth]);
      expect(r.violations.map((v) => v.name)).toEqual(violated);
      expect(r.reachable).toEqual({ CacheHit: true, HitAfterWrite: true });
      for (const v of r.violations) {
        if (v.name === 'NoStaleHit') expect(types(v.trace)).toEqual(STALE_HIT);
        if (v.name === 'NoStaleAfterCrash') {
          expect(v.kind).toBe('action-invariant');
          expect(types(v.trace)).toEqual(STALE_AFTER_CRASH);
          // The bypass write's bio reached the backing device while still in flight; the journal holds the old key.
          expect(v.trace[6]!.action).toEqual({ type: 'Crash', actor: 'power', persisted: ['backing:bypass1'], lost: [] });
          expect(v.trace[6]!.state.state.disk).toEqual({ backing: { sectors: [1], cache: [] }, cache: { sectors: [0], cache: [] } });
        }
      }
    });
  }
});
