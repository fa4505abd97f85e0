/**
 * Small states with interchangeable ids for property tests of the canonicalisers: ids that own data, point at
 * each other, sit in an ordered list and in a Set (one sort); and tasks holding buckets (two sorts).
 */
import fc from 'fast-check';

export const IDS = ['a', 'b', 'c', 'd'] as const;
export type ToyId = (typeof IDS)[number];

export interface Toy {
  readonly label: Readonly<Record<string, number>>;
  readonly next: Readonly<Record<string, string | null>>;
  readonly order: readonly string[];
  readonly held: ReadonlySet<string>;
}

export function renameToy(s: Toy, to: (id: string) => string): Toy {
  return {
    label: Object.fromEntries(Object.entries(s.label).map(([k, v]) => [to(k), v])),
    next: Object.fromEntries(Object.entries(s.next).map(([k, v]) => [to(k), v === null ? null : to(v)])),
    order: s.order.map(to),
    held: new Set([...s.held].map(to)),
  };
}

const id = fc.constantFrom(...IDS);

export const toy: fc.Arbitrary<Toy> = fc
  .record({
    labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
    nexts: fc.array(fc.option(id, { nil: null }), { minLength: 4, maxLength: 4 }),
    order: fc.array(id, { maxLength: 3 }),
    held: fc.subarray([...IDS]),
  })
  .map(({ labels, nexts, order, held }) => ({
    label: Object.fromEntries(IDS.map((k, i) => [k, labels[i] as number])),
    next: Object.fromEntries(IDS.map((k, i) => [k, nexts[i] ?? null])),
    order,
    held: new Set(held),
  }));

export const TASKS = [1, 2, 3];
export const BUCKETS = [0, 1, 2];

export interface Alloc {
  /** Per task (task t at index t - 1): its program counter and the bucket it holds. */
  readonly pc: readonly number[];
  readonly holds: readonly (number | null)[];
  /** Per bucket: the task that owns it, and whether it is dirty. */
  readonly owner: readonly (number | null)[];
  readonly dirty: readonly boolean[];
}

export function renameAlloc(s: Alloc, to: { readonly task: (t: number) => number; readonly bucket: (b: number) => number }): Alloc {
  const pc: number[] = [];
  const holds: (number | null)[] = [];
  const owner: (number | null)[] = [];
  const dirty: boolean[] = [];
  s.pc.forEach((x, i) => {
    const j = to.task(i + 1) - 1;
    pc[j] = x;
    const h = s.holds[i] ?? null;
    holds[j] = h === null ? null : to.bucket(h);
  });
  s.owner.forEach((o, b) => {
    owner[to.bucket(b)] = o === null ? null : to.task(o);
    dirty[to.bucket(b)] = s.dirty[b] as boolean;
  });
  return { pc, holds, owner, dirty };
}

export const alloc: fc.Arbitrary<Alloc> = fc.record({
  pc: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
  holds: fc.array(fc.option(fc.constantFrom(...BUCKETS), { nil: null }), { minLength: 3, maxLength: 3 }),
  owner: fc.array(fc.option(fc.constantFrom(...TASKS), { nil: null }), { minLength: 3, maxLength: 3 }),
  dirty: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});
