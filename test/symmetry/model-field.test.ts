/** The model's `symmetry` field: optional, a function when given. */
import { describe, expect, it } from 'vitest';
import { defineModel, InterleaveError } from 'interleave';
import { validateModel } from '../../src/model/validate-model';
import { multiset } from '../../src/symmetry';

const base = {
  name: 'counters',
  params: { n: 2 },
  init: () => [[0, 0]],
  actions: () => [{ type: 'inc', i: 0 }, { type: 'inc', i: 1 }],
  next: (s: number[], a: { type: string; i: number }) => (s[a.i] === 0 ? s.map((x, j) => (j === a.i ? 1 : x)) : undefined),
  invariants: {},
};

describe('the symmetry field', () => {
  it('is accepted as a function', () => {
    const model = defineModel({ ...base, symmetry: (s: number[]) => multiset(s) });
    expect(validateModel(model).symmetry?.([1, 0], { n: 2 })).toEqual(validateModel(model).symmetry?.([0, 1], { n: 2 }));
  });

  it('is rejected with IL204 when it is not a function', () => {
    const model = { ...defineModel(base), symmetry: ['i'] };
    let error: unknown;
    try {
      validateModel(model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InterleaveError);
    expect((error as InterleaveError).code).toBe('IL204');
  });
});
