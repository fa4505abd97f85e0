/**
 * The bcachefs allocator models: the early bucket allocator race (seed 001); the allocator stuck in journal replay
 * (seed 003) is in alloc-replay.spec.ts. Entries marked "large" are the larger scopes. The race entries name the
 * key-cache fill's locking they follow: `code: '2023'` (the seed's code, before 2e7f2a15c) or `current`.
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

const SCOPES = [
  { scope: '', params: {} },
  { scope: ' 1 bucket', params: { buckets: 1 } },
  { scope: ' large 3 tasks 3 buckets', params: { tasks: 3, buckets: 3 } },
];

const race: SuiteEntry[] = [
  // 2023 code (the seed's): the scan alone double-allocates.
  ...SCOPES.map(({ scope, params }) => ({
    name: `early-bucket-race buggy${scope}`,
    model: RACE,
    params: { variant: 'buggy', code: '2023', ...params },
    expect: { NoDoubleAllocation: 'violated', LockedKeyIsCurrent: 'violated' } as const,
    traces: SEED_RACE,
  })),
  // Current code: the fill write-locks the btree leaf the scanning task holds, so the scan alone no longer races.
  ...SCOPES.map(({ scope, params }) => ({
    name: `early-bucket-race buggy current${scope}`,
    model: RACE,
    params: { variant: 'buggy', code: 'current', ...params },
    expect: {},
  })),
  ...['cached-iter', 'freelist'].flatMap((variant) =>
    [
      { scope: '', params: {} },
      { scope: ' 3 tasks 2 buckets', params: { tasks: 3, buckets: 2 } },
      { scope: ' 2 tasks 3 buckets', params: { tasks: 2, buckets: 3 } },
      { scope: ' large 3 tasks 3 buckets', params: { tasks: 3, buckets: 3 } },
    ].map(({ scope, params }) => ({ name: `early-bucket-race ${variant}${scope}`, model: RACE, params: { variant, code: '2023', ...params }, expect: {} })),
  ),
  { name: 'early-bucket-race cached-iter current', model: RACE, params: { variant: 'cached-iter', code: 'current' }, expect: {} },
  {
    name: 'early-bucket-race cached-iter current large 3 tasks 3 buckets',
    model: RACE,
    params: { variant: 'cached-iter', code: 'current', tasks: 3, buckets: 3 },
    expect: {},
  },
];

export default defineSuite({ name: 'alloc', entries: race });
