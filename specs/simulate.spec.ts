/**
 * Entries checked by simulation (`mode: 'simulate'`, with a budget) and by the search bounded in actor
 * switches (`maxSwitches`), beside the exhaustive entries of the other suites. A property expected violated
 * must be found within the budget; "holds" means only that none was found (simulation) or that it holds on
 * every behaviour with at most that many switches.
 */
import { defineSuite } from 'interleave';

export default defineSuite({
  name: 'simulate',
  entries: [
    {
      name: 'keycache buggy faults, 200 random runs',
      model: '../models/keycache/flush-coherency.ts',
      params: { variant: 'buggy', faults: true },
      mode: 'simulate',
      simulate: { runs: 200, seed: 1 },
      expect: { DirtyImpliesLive: 'violated', NoPanic: 'violated', IncoherentFlushGoesReadOnly: 'violated', NoFlushAfterTopologyError: 'violated' },
    },
    {
      name: 'early-bucket-race buggy, 200 PCT runs',
      model: '../models/alloc/early-bucket-race.ts',
      params: { variant: 'buggy' },
      mode: 'simulate',
      simulate: { runs: 200, seed: 1, strategy: 'pct' },
      expect: { NoDoubleAllocation: 'violated', LockedKeyIsCurrent: 'violated' },
    },
    {
      name: 'bcache buggy, 1000 coverage-guided runs',
      model: '../models/bcache/stale-read-race.ts',
      params: { variant: 'buggy', powerFail: false },
      mode: 'simulate',
      simulate: { runs: 1000, seed: 1, strategy: 'coverage' },
      expect: { NoStaleHit: 'violated', NoStaleAfterCrash: 'holds', CacheHit: 'holds', HitAfterWrite: 'holds' },
    },
    {
      // The double allocation needs two switches (task 1 selects, task 2 runs to release, task 1 opens).
      name: 'early-bucket-race buggy, up to 1 switch',
      model: '../models/alloc/early-bucket-race.ts',
      params: { variant: 'buggy' },
      maxSwitches: 1,
      expect: { LockedKeyIsCurrent: 'violated', NoDoubleAllocation: 'holds' },
    },
  ],
});
