/**
 * The early bucket allocator race (seed 001), by the key-cache fill's locking: `code: '2023'` (the seed's) and
 * `current` (the fill write-locks the btree leaf, 2e7f2a15c415), under which the buggy variant no longer races. The
 * buggy variant's (2023) shortest double allocation is the seed's
 * sequence itself: task 1 selects bucket A and is descheduled; task 2 selects A, opens it, writes, updates A's
 * alloc key through the key cache and releases it; task 1's open then finds A not open and takes it.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/alloc/early-bucket-race';

const SEED_RACE = [
  'select_bucket',
  'select_bucket',
  'open_bucket',
  'write_data',
  'update_alloc_key',
  'release_bucket',
  'open_bucket',
  'write_data',
  'update_alloc_key',
];

describe('alloc/early-bucket-race', () => {
  it('buggy: the shortest double allocation is the seed race, task 1 selecting first', () => {
    const result = check(model, { continue: true });
    expect(result.verdict).toBe('violation');
    expect([result.distinctStates, result.depth]).toEqual([273, 15]);
    const double = result.violations.find((v) => v.name === 'NoDoubleAllocation');
    expect(double?.trace.length).toBe(10);
    expect(double?.trace.slice(1).map((s) => s.action?.type)).toEqual(SEED_RACE);
    expect(double?.trace.slice(1).map((s) => s.action?.actor)).toEqual([
      'task1',
      'task2',
      'task2',
      'task2',
      'task2',
      'task2',
      'task1',
      'task1',
      'task1',
    ]);
    // Both writes' backpointers in bucket 0; the alloc btree still says free: only the key cache knows.
    const last = double?.trace.at(-1)?.state;
    expect(last?.backpointers).toEqual([[2, 1], []]);
    expect(last?.btree).toEqual(['free', 'free']);
    expect(last?.keyCache[0]).toEqual({ key: 'user', dirty: true });
  });

  it('buggy: the lock coherency breaks first, when task 2 updates the key task 1 holds locked in the btree', () => {
    const result = check(model, { continue: true });
    const stale = result.violations.find((v) => v.name === 'LockedKeyIsCurrent');
    expect(stale?.trace.slice(1).map((s) => s.action?.type)).toEqual(SEED_RACE.slice(0, 5));
    const holder = stale?.trace.at(-1)?.state.tasks[0];
    expect(holder).toEqual({ pc: 'selected', bucket: 0, seen: 'free', btreeLock: 0, cacheLock: null });
  });

  it('buggy: one bucket is enough for the race', () => {
    const result = check(model, { params: { buckets: 1 }, continue: true });
    expect(result.distinctStates).toBe(68);
    const double = result.violations.find((v) => v.name === 'NoDoubleAllocation');
    expect(double?.trace.slice(1).map((s) => s.action?.type)).toEqual(SEED_RACE);
  });

  it.each([
    ['cached-iter', '2023', 2, 2, 389, 17],
    ['freelist', '2023', 2, 2, 369, 17],
    ['cached-iter', '2023', 3, 3, 19177, 25],
    ['freelist', '2023', 3, 3, 16783, 25],
    ['buggy', 'current', 2, 2, 209, 15],
    ['buggy', 'current', 3, 3, 6790, 22],
    ['cached-iter', 'current', 2, 2, 369, 17],
  ])('%s (code %s) holds with %i tasks and %i buckets, and still allocates every write', (variant, code, tasks, buckets, states, depth) => {
    const result = check(model, { params: { variant, code, tasks, buckets } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.depth]).toEqual([states, depth]);
    expect(result.reachable).toEqual({ BucketAllocated: true, AllWritesLanded: true });
  });

  it('buggy at 3 tasks and 3 buckets finds the same race', () => {
    const result = check(model, { params: { tasks: 3, buckets: 3 }, continue: true });
    expect(result.distinctStates).toBe(12604);
    expect(result.violations.map((v) => [v.name, v.trace.length])).toEqual([
      ['LockedKeyIsCurrent', 6],
      ['NoDoubleAllocation', 10],
    ]);
  });

  it('current code: the seed sequence stops where task 2 must create the entry task 1 scanned past', () => {
    // The seed's first six steps under 2023 code; under current code the update waits for task 1's leaf lock.
    const params = { ...model.params, code: 'current' };
    const steps = [
      { type: 'select_bucket', actor: 'task1', task: 1, bucket: 0 },
      { type: 'select_bucket', actor: 'task2', task: 2, bucket: 0 },
      { type: 'open_bucket', actor: 'task2', task: 2 },
      { type: 'write_data', actor: 'task2', task: 2 },
    ] as const;
    let s = model.init(params)[0];
    for (const a of steps) s = s && model.next(s, a, params);
    expect(s?.tasks[0]).toEqual({ pc: 'selected', bucket: 0, seen: 'free', btreeLock: 0, cacheLock: null });
    expect(s && model.next(s, { type: 'update_alloc_key', actor: 'task2', task: 2 }, params)).toBeUndefined();
    expect(s && model.next(s, { type: 'update_alloc_key', actor: 'task2', task: 2 }, model.params)).toBeDefined();
    // Task 1 goes on, finds bucket 0 open and skips it; then task 2's update proceeds.
    const skipped = s && model.next(s, { type: 'open_bucket', actor: 'task1', task: 1 }, params);
    expect(skipped?.tasks[0]?.pc).toBe('idle');
    expect(skipped && model.next(skipped, { type: 'update_alloc_key', actor: 'task2', task: 2 }, params)?.keyCache[0]).toEqual({ key: 'user', dirty: true });
  });

  it('current code, cached-iter: two tasks filling the same slot restart instead of deadlocking', () => {
    const params = { ...model.params, variant: 'cached-iter', code: 'current' };
    let s = model.init(params)[0];
    for (const t of [1, 2]) s = s && model.next(s, { type: 'select_bucket', actor: `task${t}`, task: t, bucket: 0 }, params);
    expect(s && model.next(s, { type: 'lookup_cached', actor: 'task1', task: 1 }, params)).toBeUndefined();
    expect(s && model.next(s, { type: 'restart', actor: 'task1', task: 1 }, params)?.tasks[0]?.pc).toBe('idle');
  });

  it('rejects a variant or code outside paramValues', () => {
    expect(() => check(model, { params: { variant: 'no-such-fix' } })).toThrow(expect.objectContaining({ code: 'IL103' }));
    expect(() => check(model, { params: { code: '2024' } })).toThrow(expect.objectContaining({ code: 'IL103' }));
  });
});
