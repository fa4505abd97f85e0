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
const RACE_SCOPE = { keys: 4, free: 3, backlog: 0, adminAddsDevice: false };
const STUCK_VERDICT = { ReplayEventuallyCompletes: 'violated' } as const;

const entries: SuiteEntry[] = [
  {
    name: 'replay-allocator-stuck lost-wakeup',
    model: STUCK,
    params: { variant: 'lost-wakeup' },
    expect: STUCK_VERDICT,
    deadlock: true,
    traces: { ReplayEventuallyCompletes: { length: 8, actions: LOST_WAKEUP } },
  },
  { name: 'replay-allocator-stuck wake-filter-fixed', model: STUCK, params: { variant: 'wake-filter-fixed' }, expect: {} },
  {
    name: 'replay-allocator-stuck lost-wakeup no backlog',
    model: STUCK,
    params: { variant: 'lost-wakeup', backlog: 0 },
    expect: STUCK_VERDICT,
    deadlock: true,
    traces: { ReplayEventuallyCompletes: { length: 5, actions: LOST_WAKEUP_NO_BACKLOG } },
  },
  { name: 'replay-allocator-stuck wake-filter-fixed no backlog', model: STUCK, params: { variant: 'wake-filter-fixed', backlog: 0 }, expect: {} },
  // b3bf91dfe's counter without its check before the first sleep: a device added between the request's snapshot
  // and closure_wait() wakes nobody.
  { name: 'replay-allocator-stuck wake-counter-no-presleep', model: STUCK, params: { variant: 'wake-counter-no-presleep' }, expect: {} },
  {
    name: 'replay-allocator-stuck wake-counter-no-presleep no backlog',
    model: STUCK,
    params: { variant: 'wake-counter-no-presleep', backlog: 0 },
    expect: STUCK_VERDICT,
    deadlock: true,
    traces: { ReplayEventuallyCompletes: { length: 5, actions: LOST_WAKEUP_NO_BACKLOG } },
  },
  // Without the admin a backlog of one bucket leaves vde exactly one bucket above its reserve: both filters drop
  // that wake (free > 1 is required while copygc "can make progress"); a backlog of two completes in both.
  ...['lost-wakeup', 'wake-filter-fixed'].flatMap((variant): SuiteEntry[] => [
    {
      name: `replay-allocator-stuck ${variant} no admin`,
      model: STUCK,
      params: { variant, adminAddsDevice: false },
      expect: STUCK_VERDICT,
      deadlock: true,
      traces: {
        ReplayEventuallyCompletes: {
          length: 7,
          actions: ['reserve_get', 'closure_wait', 'journal_flush', 'discard_bucket', 'wait_wakeup', 'journal_flush'],
        },
      },
    },
    {
      name: `replay-allocator-stuck ${variant} no admin backlog 2`,
      model: STUCK,
      params: { variant, adminAddsDevice: false, backlog: 2 },
      expect: {},
    },
  ]),
  {
    name: 'replay-allocator-stuck discard-open-race',
    model: STUCK,
    params: { variant: 'discard-open-race', ...RACE_SCOPE },
    expect: { NoDiscardOfOpenBucket: 'violated' },
    traces: { NoDiscardOfOpenBucket: { length: 11, actions: OPEN_RACE } },
  },
  { name: 'replay-allocator-stuck discard-race-fixed', model: STUCK, params: { variant: 'discard-race-fixed', ...RACE_SCOPE }, expect: {} },
  { name: 'replay-allocator-stuck discard-open-race default scope', model: STUCK, params: { variant: 'discard-open-race' }, expect: {} },
];

export default defineSuite({ name: 'alloc-replay', entries });
