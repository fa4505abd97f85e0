import { describe, expect, it } from 'vitest';
import { diffStates } from '../../src/trace/diff';

describe('diffStates on arrays', () => {
  it('an element removed at the front is one removal, not every later element changed', () => {
    expect(diffStates({ q: ['a', 'b', 'c', 'd'] }, { q: ['b', 'c', 'd'] })).toEqual([{ path: '$.q[0]', before: 'a' }]);
  });

  it('an element inserted in the middle is one insertion, at its index after', () => {
    expect(diffStates([1, 2, 3], [1, 9, 2, 3])).toEqual([{ path: '$[1]', after: 9 }]);
  });

  it('an element changed in place is compared inside (records by field)', () => {
    const before = [{ id: 'w1', status: 'in-flight' }, { id: 'w2', status: 'in-flight' }];
    const after = [{ id: 'w1', status: 'in-flight' }, { id: 'w2', status: 'completed' }];
    expect(diffStates(before, after)).toEqual([{ path: '$[1].status', before: 'in-flight', after: 'completed' }]);
  });

  it('a removal at the front and an append at the end, as a queue moves', () => {
    expect(diffStates({ q: [1, 2, 3] }, { q: [2, 3, 4] })).toEqual([
      { path: '$.q[0]', before: 1 },
      { path: '$.q[2]', after: 4 },
    ]);
  });

  it('a tail that grows or shrinks is still reported as added or removed elements', () => {
    expect(diffStates([1, 2], [1, 2, 3, 4])).toEqual([
      { path: '$[2]', after: 3 },
      { path: '$[3]', after: 4 },
    ]);
    expect(diffStates([1, 2, 3], [1])).toEqual([
      { path: '$[1]', before: 2 },
      { path: '$[2]', before: 3 },
    ]);
  });

  it('equal elements are told apart by value, not identity, and "1" is not 1', () => {
    expect(diffStates([{ a: 1 }, '1'], [{ a: 1 }, 1])).toEqual([{ path: '$[1]', before: '1', after: 1 }]);
  });
});
