/**
 * Symmetry reduction on the early bucket allocator race: tasks are interchangeable, and so are buckets. Verdicts,
 * shortest counterexample lengths, depth and reachability stay as check() finds them without symmetry.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import { permutations } from '../../src/symmetry';
import { fingerprint } from '../../src/state/fingerprint';
import { reducedSearch } from './reduced-search';
import { raceSymmetry, raceSymmetryBrute, renameRace, taskSymmetry, type RaceState } from './early-bucket-race-symmetry';
import model from '../../models/alloc/early-bucket-race';

const names = (vs: readonly { name: string; trace: readonly unknown[] }[]): [string, number][] => vs.map((v) => [v.name, v.trace.length]);

describe('alloc/early-bucket-race under task and bucket symmetry', () => {
  it.each([
    ['buggy', 2, 273, 138, 74, 15],
    ['buggy', 3, 12_604, 2_152, 433, 22],
    ['cached-iter', 2, 389, 197, 105, 17],
    ['cached-iter', 3, 19_177, 3_316, 660, 25],
    ['freelist', 2, 369, 187, 100, 17],
    ['freelist', 3, 16_783, 2_908, 584, 25],
  ])('%s, %i tasks and buckets: %i states, %i up to tasks, %i up to tasks and buckets', (variant, n, states, byTask, byBoth, depth) => {
    const params = { variant, tasks: n, buckets: n };
    const c = check(model, { params, continue: true });
    expect([c.distinctStates, c.depth]).toEqual([states, depth]);
    for (const [canon, count] of [
      [taskSymmetry, byTask],
      [raceSymmetry, byBoth],
    ] as const) {
      const r = reducedSearch(model, params, canon);
      expect([r.distinct, r.depth]).toEqual([count, depth]);
      expect(names(r.violations)).toEqual(names(c.violations));
      expect(r.deadlock).toBeUndefined();
      expect(r.reachable).toEqual(c.reachable);
    }
  });

  it('buggy, 3 tasks and buckets: the 12,604 states fall into 433 classes (brute force over all 36 renamings)', () => {
    const full = reducedSearch(model, { tasks: 3, buckets: 3 });
    const tasks = permutations<number>([1, 2, 3]);
    const buckets = permutations<number>([0, 1, 2]);
    const orbit = (s: RaceState): string => {
      let least: string | undefined;
      for (const t of tasks) {
        for (const b of buckets) {
          const f = fingerprint(renameRace(s, { task: (x) => t.get(x) ?? x, bucket: (x) => b.get(x) ?? x }));
          if (least === undefined || f < least) least = f;
        }
      }
      return least as string;
    };
    expect(new Set(full.states.map(orbit)).size).toBe(433);
    expect(reducedSearch(model, { tasks: 3, buckets: 3 }, raceSymmetryBrute).distinct).toBe(433);
  });

  it('buggy: the reduced search still reports the seed race, as a real behaviour', () => {
    const r = reducedSearch(model, { tasks: 3, buckets: 3 }, raceSymmetry);
    const double = r.violations.find((v) => v.name === 'NoDoubleAllocation');
    expect(double?.trace.slice(1).map((s) => `${s.action?.actor}:${s.action?.type}`)).toEqual([
      'task1:select_bucket',
      'task2:select_bucket',
      'task2:open_bucket',
      'task2:write_data',
      'task2:update_alloc_key',
      'task2:release_bucket',
      'task1:open_bucket',
      'task1:write_data',
      'task1:update_alloc_key',
    ]);
    const p = { ...model.params, tasks: 3, buckets: 3 };
    double?.trace.slice(1).forEach((step, i) => {
      const before = double.trace[i]?.state;
      expect(before && step.action && fingerprint(model.next(before, step.action, p))).toBe(fingerprint(step.state));
    });
    expect(double?.trace.at(-1)?.state.backpointers).toEqual([[2, 1], [], []]);
  });
});
