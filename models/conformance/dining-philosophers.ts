/**
 * Dining philosophers, Chandy-Misra solution (tlaplus/Examples, specifications/DiningPhilosophers/
 * DiningPhilosophers.tla), the PlusCal translation checked as in DiningPhilosophers.cfg: NP = 5, invariants
 * TypeOK and ExclusiveAccess, deadlock checked. The liveness property NobodyStarves is not ported.
 *
 * Philosopher p and fork f are stored at indices p - 1 and f - 1. The Loop step branches with IF/THEN/ELSE,
 * which TLC evaluates to a single successor, so one action per label gives TLC's successors.
 */
import { produce } from 'immer';
import { defineModel } from 'interleave';

type Label = 'Loop' | 'Eat' | 'Think';

interface Fork {
  readonly holder: number;
  readonly clean: boolean;
}

interface State {
  readonly forks: readonly Fork[];
  readonly hungry: readonly boolean[];
  readonly pc: readonly Label[];
}

interface Action {
  readonly type: Label;
  readonly self: number;
}

type Params = { np: number };

const leftFork = (p: number): number => p;
const rightFork = (p: number, np: number): number => (p === np ? 1 : p + 1);
const leftPhilosopher = (p: number, np: number): number => (p === 1 ? np : p - 1);
const rightPhilosopher = (p: number, np: number): number => (p === np ? 1 : p + 1);

function fork(s: State, f: number): Fork {
  const value = s.forks[f - 1];
  if (value === undefined) throw new Error(`no fork ${f}`);
  return value;
}

function canEat(s: State, p: number, np: number): boolean {
  const l = fork(s, leftFork(p));
  const r = fork(s, rightFork(p, np));
  return l.holder === p && r.holder === p && l.clean && r.clean;
}

const shareFork = (p: number, q: number, np: number): boolean =>
  [leftFork(p), rightFork(p, np)].some((f) => f === leftFork(q) || f === rightFork(q, np));

function range(np: number): number[] {
  return Array.from({ length: np }, (_, i) => i + 1);
}

export default defineModel<State, Action, Params>({
  name: 'DiningPhilosophers',
  params: { np: 5 },
  init: ({ np }) => [
    {
      // Each fork starts dirty, held by the lower-numbered philosopher next to it.
      forks: range(np).map((f) => ({ holder: f === 2 ? 1 : f, clean: false })),
      hungry: range(np).map(() => true),
      pc: range(np).map((): Label => 'Loop'),
    },
  ],
  actions: (_s, { np }) =>
    range(np).flatMap((self): Action[] => [
      { type: 'Loop', self },
      { type: 'Think', self },
      { type: 'Eat', self },
    ]),
  actor: (a) => `philosopher${a.self}`,
  next: (s, a, { np }) => {
    const i = a.self - 1;
    if (s.pc[i] !== a.type) return undefined;
    const lf = leftFork(a.self);
    const rf = rightFork(a.self, np);
    switch (a.type) {
      case 'Loop':
        return produce(s, (d) => {
          // Hand over a dirty fork, cleaned: the left one if held, else the right one.
          if (fork(s, lf).holder === a.self && !fork(s, lf).clean) {
            d.forks[lf - 1] = { holder: leftPhilosopher(a.self, np), clean: true };
          } else if (fork(s, rf).holder === a.self && !fork(s, rf).clean) {
            d.forks[rf - 1] = { holder: rightPhilosopher(a.self, np), clean: true };
          }
          // The label test reads the forks before this step, as the translation does.
          d.pc[i] = s.hungry[i] ? (canEat(s, a.self, np) ? 'Eat' : 'Loop') : 'Think';
        });
      case 'Think':
        return produce(s, (d) => {
          d.hungry[i] = true;
          d.pc[i] = 'Loop';
        });
      case 'Eat':
        return produce(s, (d) => {
          d.hungry[i] = false;
          d.forks[lf - 1] = { holder: fork(s, lf).holder, clean: false };
          d.forks[rf - 1] = { holder: fork(s, rf).holder, clean: false };
          d.pc[i] = 'Loop';
        });
    }
  },
  invariants: {
    TypeOK: (s, { np }) =>
      s.forks.length === np &&
      s.forks.every(
        (f) => Number.isInteger(f.holder) && f.holder >= 1 && f.holder <= np && typeof f.clean === 'boolean',
      ) &&
      s.hungry.length === np &&
      s.hungry.every((h) => typeof h === 'boolean') &&
      s.pc.length === np &&
      s.pc.every((l) => l === 'Loop' || l === 'Eat' || l === 'Think'),
    ExclusiveAccess: (s, { np }) =>
      range(np).every((p) =>
        range(np).every((q) => p === q || !shareFork(p, q, np) || !(s.pc[p - 1] === 'Eat' && s.pc[q - 1] === 'Eat')),
      ),
  },
});
