import { describe, expect, it } from 'vitest';
import { assertHolds, check } from 'interleave-check';
import lock from '../models/lock';

describe('lock model', () => {
  it('the fixed lock keeps mutual exclusion', () => {
    assertHolds(lock, { params: { variant: 'fixed', tasks: 3 } });
  });

  it('the buggy lock lets two tasks in', () => {
    const result = check(lock, { params: { variant: 'buggy' } });
    expect(result.verdict).toBe('violation');
  });
});
