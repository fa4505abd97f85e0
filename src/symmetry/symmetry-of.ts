import { sortedIds, type Id } from './id';
import { Lanes } from './lanes';

/** The ids of one sort: a fixed list, or read from the state (equivalent states must give the same set). */
export type IdsOf<S, P, I extends Id> = readonly I[] | ((state: S, params: P) => readonly I[]);

/** One set of interchangeable ids. */
export interface SymmetrySpec<S, P, I extends Id> {
  readonly ids: IdsOf<S, P, I>;
  /** The state with every id renamed: `to(id)` is the new id of `id`; ids not in the set map to themselves. */
  rename(state: S, to: (id: I) => I): S;
  /**
   * Optional, for speed: what the state says about one id, in terms that do not name ids of any sort (e.g. a
   * task's program counter, not the bucket it holds). Only renamings that list ids in signature order are tried.
   */
  signature?(state: S, id: I, params: P): unknown;
}

/** Several independent sets of interchangeable ids (tasks and buckets), permuted together. */
export interface SortsSymmetrySpec<S, P, T extends Record<string, Id>> {
  readonly sorts: { readonly [K in keyof T]: IdsOf<S, P, T[K]> };
  rename(state: S, to: { readonly [K in keyof T]: (id: T[K]) => T[K] }): S;
  readonly signature?: { readonly [K in keyof T]?: (state: S, id: T[K], params: P) => unknown };
}

/**
 * Builds a model's `symmetry` hook from the ids that are interchangeable and a function applying a renaming of
 * them to a state. The representative is the least image, by fingerprint, over the renamings that map the ids,
 * sorted by signature, onto the ids in ascending order; that set of images is the same for every state of a class,
 * so the representative is a function of the class only.
 *
 * Without signatures every permutation is tried (n!, or n! * m! for two sorts). With them, only ids of equal
 * signature are permuted among themselves, and a run of equal signatures whose swaps leave the image unchanged
 * (ids that are truly alike) costs one rename per id instead of k!: a signature that says everything about an id
 * makes the cost linear.
 */
export function symmetryOf<S, P, I extends Id>(spec: SymmetrySpec<S, P, I>): (state: S, params: P) => S;
export function symmetryOf<S, P, T extends Record<string, Id>>(spec: SortsSymmetrySpec<S, P, T>): (state: S, params: P) => S;
export function symmetryOf<S, P>(spec: SymmetrySpec<S, P, Id> | SortsSymmetrySpec<S, P, Record<string, Id>>): (state: S, params: P) => S {
  if ('ids' in spec) {
    const one = spec;
    const signature = one.signature;
    return canonicaliser<S, P>(
      [{ ids: one.ids, ...(signature ? { signature: (s: S, id: Id, p: P) => signature.call(one, s, id, p) } : {}) }],
      (state, to) => one.rename(state, to[0] as (id: Id) => Id),
    );
  }
  const names = Object.keys(spec.sorts);
  return canonicaliser<S, P>(
    names.map((k) => {
      const signature = spec.signature?.[k];
      return { ids: spec.sorts[k] as IdsOf<S, P, Id>, ...(signature ? { signature } : {}) };
    }),
    (state, to) => spec.rename(state, Object.fromEntries(names.map((k, i) => [k, to[i] as (id: Id) => Id]))),
  );
}

interface Sort<S, P> {
  readonly ids: IdsOf<S, P, Id>;
  readonly signature?: (state: S, id: Id, params: P) => unknown;
}

/** One sort during one canonicalisation: `arrangement[j]` is renamed to `slots[j]`. */
interface Work {
  readonly slots: Id[];
  readonly arrangement: Id[];
  readonly map: Map<Id, Id>;
  /** [start, end) runs of equal signature: positions whose ids may be permuted among themselves. */
  readonly runs: [number, number][];
}

function canonicaliser<S, P>(sorts: readonly Sort<S, P>[], rename: (state: S, to: readonly ((id: Id) => Id)[]) => S): (state: S, params: P) => S {
  return (state, params) => {
    const works: Work[] = sorts.map((sort) => prepare(sort, state, params));
    const to = works.map((w) => (id: Id): Id => w.map.get(id) ?? id);
    const image = (): { value: S; lanes: Lanes } => {
      const value = rename(state, to);
      return { value, lanes: Lanes.of(value) };
    };
    const set = (w: Work, j: number): void => {
      w.map.set(w.arrangement[j] as Id, w.slots[j] as Id);
    };
    const swap = (w: Work, i: number, j: number): void => {
      const a = w.arrangement;
      const x = a[i] as Id;
      a[i] = a[j] as Id;
      a[j] = x;
      set(w, i);
      set(w, j);
    };

    let best = image();
    // A run all of whose adjacent swaps fix the base image is fixed by every permutation of the run (adjacent
    // transpositions generate them), so it need not be enumerated.
    const open: { w: Work; start: number; end: number }[] = [];
    for (const w of works) {
      for (const [start, end] of w.runs) {
        if (end - start < 2) continue;
        let fixed = true;
        for (let j = start; j + 1 < end && fixed; j++) {
          swap(w, j, j + 1);
          fixed = image().lanes.compare(best.lanes) === 0;
          swap(w, j, j + 1);
        }
        if (!fixed) open.push({ w, start, end });
      }
    }
    if (open.length === 0) return best.value;

    // Heap's algorithm on each open run, nested: every combination once, one swap between neighbours.
    const heap = (r: number, k: number): void => {
      const run = open[r];
      if (run === undefined) {
        const candidate = image();
        if (candidate.lanes.compare(best.lanes) < 0) best = candidate;
        return;
      }
      if (k <= 1) {
        heap(r + 1, (open[r + 1]?.end ?? 0) - (open[r + 1]?.start ?? 0));
        return;
      }
      heap(r, k - 1);
      for (let i = 0; i < k - 1; i++) {
        swap(run.w, run.start + (k % 2 === 0 ? i : 0), run.start + k - 1);
        heap(r, k - 1);
      }
    };
    const first = open[0] as (typeof open)[number];
    heap(0, first.end - first.start);
    return best.value;
  };
}

function prepare<S, P>(sort: Sort<S, P>, state: S, params: P): Work {
  const ids = typeof sort.ids === 'function' ? sort.ids(state, params) : sort.ids;
  const slots = sortedIds(ids);
  let arrangement = slots;
  const runs: [number, number][] = [];
  if (sort.signature === undefined) {
    runs.push([0, slots.length]);
  } else {
    const signature = sort.signature;
    const keyed = slots.map((id) => ({ id, lanes: Lanes.of(signature(state, id, params)) }));
    keyed.sort((a, b) => a.lanes.compare(b.lanes));
    arrangement = keyed.map((k) => k.id);
    let start = 0;
    for (let j = 1; j <= keyed.length; j++) {
      if (j === keyed.length || (keyed[j] as (typeof keyed)[number]).lanes.compare((keyed[start] as (typeof keyed)[number]).lanes) !== 0) {
        runs.push([start, j]);
        start = j;
      }
    }
  }
  const arr = [...arrangement];
  return { slots, arrangement: arr, map: new Map(arr.map((id, j) => [id, slots[j] as Id])), runs };
}
