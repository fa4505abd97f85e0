/**
 * The bcachefs allocator models: the early bucket allocator race (seed 001); the allocator stuck in journal replay
 * (seed 003) is in alloc-replay.spec.ts. Entries marked "large" are the larger scopes.
 */
import { defineSuite, type SuiteEntry } from 'interleave';

const RACE = '../models/alloc/early-bucket-race.ts';

/** The seed's race: task 1 selects A; task 2 selects A, opens, writes, updates A's alloc key, releases; task 1 opens A. */
const SEED_RACE = {
  NoDoubleAllocation: {
    length: 10,
    actions: [
      'select_bucket',
      'select_bucket',
      'open_bucket',
      'write_data',
      'update_alloc_key',
      'release_bucket',
      'open_bucket',
      'write_data',
      'update_alloc_key',
    ],
  },
  LockedKeyIsCurrent: { length: 6, actions: ['select_bucket', 'select_bucket', 'open_bucket', 'write_data', 'update_alloc_key'] },
};

const race: SuiteEntry[] = [
  ...[
    { scope: '', params: {} },
    { scope: ' 1 bucket', params: { buckets: 1 } },
    { scope: ' large 3 tasks 3 buckets', params: { tasks: 3, buckets: 3 } },
  ].map(({ scope, params }) => ({
    name: `early-bucket-race buggy${scope}`,
    model: RACE,
    params: { variant: 'buggy', ...params },
    expect: { NoDoubleAllocation: 'violated', LockedKeyIsCurrent: 'violated' } as const,
    traces: SEED_RACE,
  })),
  ...['cached-iter', 'freelist'].flatMap((variant) =>
    [
      { scope: '', params: {} },
      { scope: ' 3 tasks 2 buckets', params: { tasks: 3, buckets: 2 } },
      { scope: ' 2 tasks 3 buckets', params: { tasks: 2, buckets: 3 } },
      { scope: ' large 3 tasks 3 buckets', params: { tasks: 3, buckets: 3 } },
      // Four tasks for Kent's fix (194k states, the longest entry); three tasks on four buckets for the freelist.
      variant === 'cached-iter'
        ? { scope: ' large 4 tasks 3 buckets', params: { tasks: 4, buckets: 3 } }
        : { scope: ' large 3 tasks 4 buckets', params: { tasks: 3, buckets: 4 } },
    ].map(({ scope, params }) => ({ name: `early-bucket-race ${variant}${scope}`, model: RACE, params: { variant, ...params }, expect: {} })),
  ),
];

export default defineSuite({ name: 'alloc', entries: race });
