/**
 * The early bucket allocator race (seed 001). The buggy variant's shortest double allocation is the seed's
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
    ['cached-iter', 2, 2, 377, 17],
    ['freelist', 2, 2, 369, 17],
    ['cached-iter', 3, 3, 17701, 25],
    ['freelist', 3, 3, 16783, 25],
  ])('%s holds with %i tasks and %i buckets, and still allocates every write', (variant, tasks, buckets, states, depth) => {
    const result = check(model, { params: { variant, tasks, buckets } });
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

  it('rejects an unknown variant as a model failure', () => {
    const result = check(model, { params: { variant: 'no-such-fix' } });
    expect(result.verdict).toBe('error');
    expect(result.verdict === 'error' && result.error.code).toBe('IL301');
  });
});
