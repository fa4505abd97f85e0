/**
 * Canonicalisers for the early bucket allocator race (models/alloc/early-bucket-race.ts). Tasks are
 * interchangeable (numbered from 1; their numbers appear in backpointers), and so are buckets (indices into the
 * per-bucket arrays; tasks name them in `bucket` and their locks): every bucket starts free and the scan may land
 * on any free one.
 */
import { symmetryOf } from '../../src/symmetry';
import model from '../../models/alloc/early-bucket-race';

export type RaceState = ReturnType<typeof model.init>[number];
type Task = RaceState['tasks'][number];
type Params = typeof model.params;
type Canon = (state: RaceState, params: Params) => RaceState;

export const taskIds = (s: RaceState): number[] => s.tasks.map((_, i) => i + 1);
export const bucketIds = (s: RaceState): number[] => s.btree.map((_, b) => b);

function permuted<T>(xs: readonly T[], to: (i: number) => number, f: (x: T) => T = (x) => x): T[] {
  const out: T[] = new Array<T>(xs.length);
  xs.forEach((x, i) => {
    out[to(i)] = f(x);
  });
  return out;
}

/** Applies a renaming of tasks and of buckets to every place a state names one. */
export function renameRace(s: RaceState, to: { readonly task: (t: number) => number; readonly bucket: (b: number) => number }): RaceState {
  const b = (x: number | null): number | null => (x === null ? null : to.bucket(x));
  return {
    btree: permuted(s.btree, to.bucket),
    keyCache: permuted(s.keyCache, to.bucket),
    freespace: permuted(s.freespace, to.bucket),
    open: permuted(s.open, to.bucket),
    backpointers: permuted(s.backpointers, to.bucket, (bps) => bps.map(to.task)),
    tasks: permuted(s.tasks, (i) => to.task(i + 1) - 1, (t): Task => ({ ...t, bucket: b(t.bucket), btreeLock: b(t.btreeLock), cacheLock: b(t.cacheLock) })),
  };
}

const taskSignature = (s: RaceState, t: number): unknown => {
  const task = s.tasks[t - 1] as Task;
  const holds = (x: number | null): string => (x === null ? 'none' : x === task.bucket ? 'own' : 'other');
  return [task.pc, task.seen, task.bucket === null, holds(task.btreeLock), holds(task.cacheLock), s.backpointers.map((bps) => bps.indexOf(t)).filter((i) => i >= 0).sort()];
};

const bucketSignature = (s: RaceState, b: number): unknown => [
  s.btree[b] ?? null,
  s.keyCache[b] ?? null,
  s.freespace[b] ?? null,
  s.open[b] ?? null,
  s.backpointers[b]?.length ?? 0,
  s.tasks.filter((t) => t.bucket === b).length,
];

/** Tasks only. */
export const taskSymmetry: Canon = symmetryOf({
  ids: taskIds,
  rename: (s: RaceState, task: (t: number) => number) => renameRace(s, { task, bucket: (x) => x }),
  signature: taskSignature,
});

/** Tasks and buckets together. */
export const raceSymmetry: Canon = symmetryOf({
  sorts: { task: taskIds, bucket: bucketIds },
  rename: renameRace,
  signature: { task: taskSignature, bucket: bucketSignature },
});

/** Tasks and buckets together, every permutation pair tried. */
export const raceSymmetryBrute: Canon = symmetryOf({ sorts: { task: taskIds, bucket: bucketIds }, rename: renameRace });
