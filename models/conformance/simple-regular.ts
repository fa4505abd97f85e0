/**
 * Lamport's "Teaching Concurrency" algorithm over regular registers (tlaplus/Examples,
 * specifications/TeachingConcurrency/SimpleRegular.tla), checked as in SimpleRegular.cfg: N = 8, invariants
 * PCorrect, TypeOK and Inv, deadlock checked.
 *
 * A regular register x[i] is the Set of values a read may return. Step b reads any of them
 * (`\E v \in x[(self-1) % N]`), one action per value read, as TLC has one successor per binding. The
 * translation's Terminating step is a stuttering step once every process is done; TLC computes (and counts)
 * that successor, and it is why the final states are not deadlocks.
 */
import { defineModel } from 'interleave';

type Label = 'a1' | 'a2' | 'b' | 'Done';

interface State {
  readonly x: readonly ReadonlySet<number>[];
  readonly y: readonly number[];
  readonly pc: readonly Label[];
}

type Action =
  | { readonly type: 'a1' | 'a2'; readonly self: number }
  | { readonly type: 'b'; readonly self: number; readonly v: number }
  | { readonly type: 'Terminating' };

const procs = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** TLA+'s % is the non-negative remainder: (0 - 1) % N = N - 1. */
const mod = (a: number, n: number): number => ((a % n) + n) % n;

function replaceAt<T>(xs: readonly T[], index: number, value: T): T[] {
  return xs.map((x, i) => (i === index ? value : x));
}

/** x[i] \in (SUBSET {0, 1}) \ {{}} */
const isRegisterValue = (v: ReadonlySet<number>): boolean => v.size > 0 && [...v].every((e) => e === 0 || e === 1);

function typeOK(s: State, n: number): boolean {
  return (
    s.x.length === n &&
    s.x.every(isRegisterValue) &&
    s.y.length === n &&
    s.y.every((v) => v === 0 || v === 1) &&
    s.pc.length === n &&
    s.pc.every((l) => l === 'a1' || l === 'a2' || l === 'b' || l === 'Done')
  );
}

export default defineModel<State, Action, { n: number }>({
  name: 'SimpleRegular',
  params: { n: 8 },
  init: ({ n }) => [
    { x: procs(n).map(() => new Set([0])), y: procs(n).map(() => 0), pc: procs(n).map((): Label => 'a1') },
  ],
  actions: (s, { n }) => [
    ...procs(n).flatMap((self): Action[] => [
      { type: 'a1', self },
      { type: 'a2', self },
      ...[...(s.x[mod(self - 1, n)] ?? [])].map((v): Action => ({ type: 'b', self, v })),
    ]),
    { type: 'Terminating' },
  ],
  actor: (a) => (a.type === 'Terminating' ? undefined : `proc${a.self}`),
  next: (s, a, { n }) => {
    if (a.type === 'Terminating') return s.pc.every((l) => l === 'Done') ? s : undefined;
    if (s.pc[a.self] !== a.type) return undefined;
    switch (a.type) {
      case 'a1':
        // A write of 1 in progress: a read may still see the old value 0.
        return { ...s, x: replaceAt(s.x, a.self, new Set([0, 1])), pc: replaceAt(s.pc, a.self, 'a2') };
      case 'a2':
        return { ...s, x: replaceAt(s.x, a.self, new Set([1])), pc: replaceAt(s.pc, a.self, 'b') };
      case 'b':
        if (!s.x[mod(a.self - 1, n)]?.has(a.v)) return undefined;
        return { ...s, y: replaceAt(s.y, a.self, a.v), pc: replaceAt(s.pc, a.self, 'Done') };
    }
  },
  invariants: {
    PCorrect: (s) => !s.pc.every((l) => l === 'Done') || s.y.some((v) => v === 1),
    TypeOK: (s, { n }) => typeOK(s, n),
    Inv: (s, { n }) =>
      typeOK(s, n) &&
      s.pc.every((l, i) => (l !== 'b' && l !== 'Done') || (s.x[i]?.size === 1 && s.x[i]?.has(1) === true)) &&
      (s.pc.some((l) => l !== 'Done') || s.y.some((v) => v === 1)),
  },
});
