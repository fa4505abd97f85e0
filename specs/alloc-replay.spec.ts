/**
 * The allocator stuck in journal replay (seed 003: bcachefs #1108, bcachefs-tools #628): the lost wakeup of
 * b3bf91dfe and the discard race of c84503104e6a (df4552a3b), with the shortest counterexamples pinned.
 */
import { defineSuite, type SuiteEntry } from 'interleave';

const STUCK = '../models/alloc/replay-allocator-stuck.ts';

/** The split parks on vde; a discard and the added device wake it; the filter re-parks it (vde has 1 bucket). */
const LOST_WAKEUP = ['reserve_get', 'closure_wait', 'journal_flush', 'discard_bucket', 'journal_flush', 'add_device', 'wait_wakeup'];
/**
 * No discard backlog (#628: the full device has nothing to discard): only the added device could help. Its wake
 * comes before the closure is on the waitlist; the lasso runs until every fair worker is idle.
 */
const LOST_WAKEUP_NO_BACKLOG = ['reserve_get', 'journal_flush', 'add_device', 'closure_wait'];
/** The slow worker checks bucket 1 is not open; the fast path frees it; replay reopens and frees it; the worker discards it. */
const OPEN_RACE = [
  'reserve_get',
  'reserve_get',
  'update_done',
  'update_done',
  'discard_check_open',
  'fast_discard',
  'reserve_get',
  'fast_discard',
  'reserve_get',
  'discard_bucket',
];
/** A backlog of one bucket and no admin: the discard leaves vde one bucket above its reserve, and the wake is dropped. */
const NO_ADMIN = ['reserve_get', 'closure_wait', 'journal_flush', 'discard_bucket', 'wait_wakeup', 'journal_flush'];
const RACE_SCOPE = { keys: 4, free: 3, backlog: 0, adminAddsDevice: false };
/** An entry whose replay never completes: a deadlock and a lasso for `ReplayEventuallyCompletes`, pinned. */
const stuck = (label: string, params: SuiteEntry['params'], actions: readonly string[]): SuiteEntry => ({
  name: `replay-allocator-stuck ${label}`,
  model: STUCK,
  params,
  expect: { ReplayEventuallyCompletes: 'violated' },
  deadlock: true,
  traces: { ReplayEventuallyCompletes: { length: actions.length + 1, actions } },
});
const holds = (label: string, params: SuiteEntry['params']): SuiteEntry => ({
  name: `replay-allocator-stuck ${label}`,
  model: STUCK,
  params,
  expect: {},
});

const entries: SuiteEntry[] = [
  stuck('lost-wakeup', { variant: 'lost-wakeup' }, LOST_WAKEUP),
  holds('wake-filter-fixed', { variant: 'wake-filter-fixed' }),
  stuck('lost-wakeup no backlog', { variant: 'lost-wakeup', backlog: 0 }, LOST_WAKEUP_NO_BACKLOG),
  holds('wake-filter-fixed no backlog', { variant: 'wake-filter-fixed', backlog: 0 }),
  // b3bf91dfe's counter without its check before the first sleep: a device added between the request's snapshot
  // and closure_wait() wakes nobody.
  holds('wake-counter-no-presleep', { variant: 'wake-counter-no-presleep' }),
  stuck('wake-counter-no-presleep no backlog', { variant: 'wake-counter-no-presleep', backlog: 0 }, LOST_WAKEUP_NO_BACKLOG),
  // Without the admin a backlog of one bucket leaves vde exactly one bucket above its reserve: both filters drop
  // that wake (free > 1 is required while copygc "can make progress"); a backlog of two completes in both.
  ...['lost-wakeup', 'wake-filter-fixed'].flatMap((variant): SuiteEntry[] => [
    stuck(`${variant} no admin`, { variant, adminAddsDevice: false }, NO_ADMIN),
    holds(`${variant} no admin backlog 2`, { variant, adminAddsDevice: false, backlog: 2 }),
  ]),
  {
    name: 'replay-allocator-stuck discard-open-race',
    model: STUCK,
    params: { variant: 'discard-open-race', ...RACE_SCOPE },
    expect: { NoDiscardOfOpenBucket: 'violated' },
    traces: { NoDiscardOfOpenBucket: { length: 11, actions: OPEN_RACE } },
  },
  holds('discard-race-fixed', { variant: 'discard-race-fixed', ...RACE_SCOPE }),
  holds('discard-open-race default scope', { variant: 'discard-open-race' }),
];

export default defineSuite({ name: 'alloc-replay', entries });
