/**
 * The allocator stuck in journal replay (seed 003). The buggy mount is stuck after the first split's request
 * starts waiting; the admin's sysfs write changes `c->opts` but not the waiting request. The stuck variants show
 * as a deadlock with `ReplayCompletes` unreachable, and as a lasso for `ReplayEventuallyCompletes`.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import { checkLiveness } from '../../../src/liveness/check-liveness';
import { resolveParams } from '../../../src/model/resolve-params';
import model from '../../../models/alloc/replay-allocator-stuck';

const actions = (trace: readonly { action: { type: string } | null }[] | undefined): (string | undefined)[] | undefined =>
  trace?.slice(1).map((s) => s.action?.type);

describe('alloc/replay-allocator-stuck', () => {
  it('buggy: the first split waits forever, and replay never completes', () => {
    const result = check(model, { continue: true });
    expect(result.verdict).toBe('violation');
    expect(result.distinctStates).toBe(2);
    expect(result.violations.map((v) => [v.kind, v.name])).toEqual([
      ['deadlock', 'Deadlock'],
      ['liveness', 'ReplayEventuallyCompletes'],
      ['unreachable', 'ReplayCompletes'],
    ]);
    const [stuck, lasso] = result.violations;
    expect(actions(stuck?.trace)).toEqual(['journal_replay_key']);
    expect(stuck?.trace.at(-1)?.state.request).toEqual({ replicas: 2, woken: false });
    // The lasso's loop is the waiting state stuttering.
    expect([actions(lasso?.trace), lasso?.loopStart]).toEqual([['journal_replay_key'], 1]);
  });

  it('buggy: the admin lowers metadata_replicas through sysfs, and the request still waits for 2 replicas', () => {
    const result = check(model, { params: { adminLowersReplicas: true }, continue: true });
    const stuck = result.violations.find((v) => v.kind === 'deadlock');
    expect(actions(stuck?.trace)).toEqual(['journal_replay_key', 'sysfs_metadata_replicas']);
    const last = stuck?.trace.at(-1)?.state;
    expect([last?.opts, last?.request]).toEqual([1, { replicas: 2, woken: false }]);
    expect(result.reachable).toEqual({ ReplayCompletes: false });
  });

  // [variant, admin lowers replicas, completes, distinct states (seed scope), distinct states (asymmetric scope)]
  const table: [string, boolean, boolean, number, number][] = [
    ['buggy', false, false, 2, 2],
    ['buggy', true, false, 3, 3],
    ['mount-option', false, false, 2, 2],
    ['mount-option', true, true, 18, 66],
    ['restartable', false, false, 2, 2],
    ['restartable', true, true, 20, 68],
    ['discard-in-recovery', false, true, 62, 254],
    ['discard-in-recovery', true, true, 120, 492],
    ['timeout-recheck', false, false, 2, 2],
    ['timeout-recheck', true, true, 21, 69],
  ];

  it.each(table)('%s (admin lowers replicas: %s) completes replay: %s', (variant, admin, completes, seedStates, asymStates) => {
    for (const [scope, states] of [
      ['seed', seedStates],
      ['asymmetric', asymStates],
    ] as const) {
      const result = check(model, { params: { variant, adminLowersReplicas: admin, scope }, continue: true });
      expect(result.distinctStates).toBe(states);
      expect(result.verdict).toBe(completes ? 'ok' : 'violation');
      expect(result.reachable.ReplayCompletes).toBe(completes);
      expect(result.violations.some((v) => v.kind === 'deadlock')).toBe(!completes);
    }
  });

  it('only discard-in-recovery completes without the admin; every fix but buggy completes when the admin acts', () => {
    const completes = (variant: string, admin: boolean): boolean =>
      check(model, { params: { variant, adminLowersReplicas: admin } }).verdict === 'ok';
    const variants = ['buggy', 'mount-option', 'restartable', 'discard-in-recovery', 'timeout-recheck'];
    expect(variants.filter((v) => completes(v, false))).toEqual(['discard-in-recovery']);
    expect(variants.filter((v) => completes(v, true))).toEqual(['mount-option', 'restartable', 'discard-in-recovery', 'timeout-recheck']);
  });

  it('ReplayEventuallyCompletes: a lasso stuttering in the waiting state for buggy, holds for discard-in-recovery', () => {
    const live = (overrides: Record<string, string | boolean>) => {
      const outcome = checkLiveness(model, resolveParams(model, overrides), { maxStates: Infinity, timeLimitMs: Infinity });
      return outcome.properties[0];
    };
    const buggy = live({ variant: 'buggy', adminLowersReplicas: true });
    expect(buggy?.status).toBe('violated');
    expect(actions(buggy?.violation?.trace as { action: { type: string } | null }[] | undefined)).toEqual([
      'journal_replay_key',
      'sysfs_metadata_replicas',
    ]);
    expect(buggy?.violation?.loopStart).toBe(2);
    expect(live({ variant: 'discard-in-recovery' })?.status).toBe('holds');
    expect(live({ variant: 'timeout-recheck', adminLowersReplicas: false })?.status).toBe('violated');
    expect(live({ variant: 'timeout-recheck', adminLowersReplicas: true })?.status).toBe('holds');
  });

  it('the larger asymmetric scope: discard processing in recovery still completes 6 splits', () => {
    const result = check(model, { params: { variant: 'discard-in-recovery', scope: 'asymmetric', keys: 6, discardBacklog: 7 } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.depth]).toEqual([4090, 28]);
  });
});
