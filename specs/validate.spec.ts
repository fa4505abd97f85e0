/**
 * Recorded runs that must still agree with the models (`interleave validate`): logs of the worker-thread early
 * bucket allocator (examples/alloc-impl) against models/alloc/early-bucket-race.ts. A change to the model or to
 * the implementation's tracepoints that breaks the agreement fails these entries.
 */
import { defineSuite } from 'interleave';

const RACE = '../models/alloc/early-bucket-race.ts';
const LOGS = '../examples/alloc-impl/logs';
const MAP = '../examples/alloc-impl/mapping.ts';

export default defineSuite({
  name: 'validate',
  entries: [
    {
      name: 'early-bucket-race cached-iter against the implementation logs',
      model: RACE,
      params: { variant: 'cached-iter', code: '2023' },
      expect: {},
      validations: [
        { log: `${LOGS}/fixed.txt`, format: 'ftrace', map: MAP, expect: 'ok' },
        // The buggy code logs no key-cache lookup: the fixed model cannot open a bucket without one.
        { log: `${LOGS}/buggy-race.txt`, format: 'ftrace', map: MAP, expect: 'divergence', line: 5 },
        // With the lookup allowed unlogged, task 2's alloc key update is where the fix would have waited.
        { log: `${LOGS}/buggy-race.txt`, format: 'ftrace', map: MAP, maxSilent: 1, expect: 'divergence', line: 8 },
      ],
    },
    {
      name: 'early-bucket-race buggy against the implementation logs',
      model: RACE,
      params: { variant: 'buggy', code: '2023' },
      expect: { NoDoubleAllocation: 'violated', LockedKeyIsCurrent: 'violated' },
      validations: [
        { log: `${LOGS}/buggy-race.txt`, format: 'ftrace', map: MAP, expect: 'ok' },
        { log: `${LOGS}/buggy-race-retry.txt`, format: 'ftrace', map: MAP, expect: 'ok' },
        { log: `${LOGS}/fixed.txt`, format: 'ftrace', map: MAP, expect: 'divergence', line: 5 },
      ],
    },
  ],
});
