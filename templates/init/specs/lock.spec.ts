import { defineSuite } from 'interleave-check';

/**
 * The verdicts this project expects: the buggy lock lets two tasks in (with this shortest counterexample), the
 * fixed one never does. `npx interleave suite` fails when either changes.
 */
export default defineSuite({
  name: 'lock',
  entries: [
    {
      name: 'buggy',
      model: '../models/lock.ts',
      params: { variant: 'buggy' },
      expect: { MutualExclusion: 'violated' },
      traces: { MutualExclusion: { length: 5, actions: ['try_lock', 'try_lock', 'set_lock', 'set_lock'] } },
    },
    { name: 'fixed', model: '../models/lock.ts', params: { variant: 'fixed' }, expect: { MutualExclusion: 'holds' } },
    { name: 'fixed 3 tasks', model: '../models/lock.ts', params: { variant: 'fixed', tasks: 3 }, expect: { MutualExclusion: 'holds' } },
  ],
});
