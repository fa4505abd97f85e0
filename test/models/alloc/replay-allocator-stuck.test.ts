/**
 * The allocator stuck in journal replay (seed 003; bcachefs #1108, bcachefs-tools #628). `lost-wakeup` (before
 * b3bf91dfe) parks the split's request for good after the admin adds a device; `wake-filter-fixed` retries and
 * completes. `discard-open-race` (before df4552a3b) discards a bucket that an interior update still holds open.
 * Counts and traces are what `check` measured.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/alloc/replay-allocator-stuck';

type Trace = readonly { action: { type: string } | null }[] | undefined;
const actions = (trace: Trace): (string | undefined)[] | undefined => trace?.slice(1).map((s) => s.action?.type);
const run = (params: Record<string, string | number | boolean>) => check(model, { params, continue: true });
const RACE_SCOPE = { keys: 4, free: 3, backlog: 0, adminAddsDevice: false };

describe('alloc/replay-allocator-stuck', () => {
  it('lost-wakeup: the added device wakes the waiter, the per-device filter re-parks it, replay never completes', () => {
    const result = run({ variant: 'lost-wakeup' });
    expect([result.verdict, result.distinctStates, result.depth]).toEqual(['violation', 1724, 20]);
    expect(result.violations.map((v) => [v.kind, v.name])).toEqual([
      ['deadlock', 'Deadlock'],
      ['liveness', 'ReplayEventuallyCompletes'],
    ]);
    const lasso = result.violations[1]!;
    expect(actions(lasso.trace)).toEqual([
      'reserve_get', 'closure_wait', 'journal_flush', 'discard_bucket', 'journal_flush', 'add_device', 'wait_wakeup',
    ]);
    expect(lasso.loopStart).toBe(7);
    // Parked for good although vde has a bucket above its reserve and the added device has room.
    const last = lasso.trace.at(-1)!.state;
    expect([last.req, last.others, last.wake]).toEqual([{ trace: [{ dev: 0, snap: 0 }], wakeAllSnap: 0, blocking: null, parked: true }, [8, 8], [2, 1, 1]]);
    expect(result.reachable).toEqual({ ReplayCompletes: true, ReplayWaits: true });
  });

  it('wake-filter-fixed: the wake_all_counter makes the same wake retry, and every run completes', () => {
    const result = run({ variant: 'wake-filter-fixed' });
    expect([result.verdict, result.distinctStates, result.depth]).toEqual(['ok', 1590, 20]);
  });

  // [variant, params, verdict, distinct states, violated properties]
  const table: [string, Record<string, number | boolean>, string, number, string[]][] = [
    ['lost-wakeup', { backlog: 0 }, 'violation', 132, ['Deadlock', 'ReplayEventuallyCompletes']],
    ['wake-filter-fixed', { backlog: 0 }, 'ok', 128, []],
    ['wake-counter-no-presleep', {}, 'ok', 1624, []],
    ['wake-counter-no-presleep', { backlog: 0 }, 'violation', 130, ['Deadlock', 'ReplayEventuallyCompletes']],
    ['lost-wakeup', { adminAddsDevice: false }, 'violation', 242, ['Deadlock', 'ReplayEventuallyCompletes']],
    ['wake-filter-fixed', { adminAddsDevice: false }, 'violation', 242, ['Deadlock', 'ReplayEventuallyCompletes']],
    ['lost-wakeup', { adminAddsDevice: false, backlog: 2 }, 'ok', 3318, []],
    ['wake-filter-fixed', { adminAddsDevice: false, backlog: 2 }, 'ok', 3318, []],
    ['discard-open-race', {}, 'ok', 2560, []],
    ['discard-open-race', RACE_SCOPE, 'violation', 12986, ['NoDiscardOfOpenBucket']],
    ['discard-race-fixed', RACE_SCOPE, 'ok', 6168, []],
  ];
  it.each(table)('%s %o: %s, %i states', (variant, params, verdict, states, violated) => {
    const result = run({ variant, ...params });
    expect([result.verdict, result.distinctStates, result.violations.map((v) => v.name)]).toEqual([verdict, states, violated]);
  });

  it('wake-counter-no-presleep: the device added before closure_wait() wakes nobody; the pre-sleep check retries', () => {
    const stuck = run({ variant: 'wake-counter-no-presleep', backlog: 0 }).violations[1]!;
    expect([actions(stuck.trace), stuck.loopStart]).toEqual([['reserve_get', 'journal_flush', 'add_device', 'closure_wait'], 4]);
    expect(stuck.trace.at(-1)!.state.req).toEqual({ trace: [{ dev: 0, snap: 0 }], wakeAllSnap: 0, blocking: null, parked: true });
    expect(stuck.trace.at(-1)!.state.wakeAll).toBe(1);
  });

  it('without the admin a backlog of one bucket is not enough for either filter: vde ends one bucket above its reserve', () => {
    const stuck = run({ variant: 'wake-filter-fixed', adminAddsDevice: false }).violations[0]!;
    const last = stuck.trace.at(-1)!.state;
    expect(last.vde.filter((b) => b.type === 'free').length).toBe(2);
    expect(last.req?.parked).toBe(true);
  });

  it('discard-open-race: the slow worker checked the bucket before the fast path freed it and replay reopened it', () => {
    const result = run({ variant: 'discard-open-race', ...RACE_SCOPE });
    const race = result.violations[0]!;
    expect(actions(race.trace)).toEqual([
      'reserve_get', 'reserve_get', 'update_done', 'update_done', 'discard_check_open', 'fast_discard', 'reserve_get',
      'fast_discard', 'reserve_get', 'discard_bucket',
    ]);
    const before = race.trace.at(-2)!.state;
    expect([before.worker, before.vde[1], before.updates]).toEqual([
      1,
      { type: 'need_discard', seqEmpty: 0, seqNonempty: 0, open: true, fast: true },
      [1, 2],
    ]);
  });
});
