import { describe, expect, it } from 'vitest';
import { permutations } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';

describe('permutations', () => {
  it('lists n! distinct renamings of the ids, the identity first', () => {
    const perms = permutations(['r3', 'r1', 'r2', 'r4']);
    expect(perms).toHaveLength(24);
    expect(new Set(perms.map((p) => fingerprint(p))).size).toBe(24);
    expect([...(perms[0] as ReadonlyMap<string, string>)]).toEqual([
      ['r1', 'r1'],
      ['r2', 'r2'],
      ['r3', 'r3'],
      ['r4', 'r4'],
    ]);
    for (const p of perms) expect([...p.values()].sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('has the identity alone for one id or none', () => {
    expect(permutations([7]).map((p) => [...p])).toEqual([[[7, 7]]]);
    expect(permutations([]).map((p) => [...p])).toEqual([[]]);
  });

  it('rejects a repeated id', () => {
    expect(() => permutations([1, 2, 1])).toThrow(Error);
  });
});
