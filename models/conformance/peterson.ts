/**
 * Peterson's algorithm (tlaplus/Examples, specifications/locks_auxiliary_vars/Peterson.tla), the PlusCal
 * translation checked as in Peterson.cfg: invariants TypeOK and Inv (Inv includes mutual exclusion), deadlock
 * checked. The refinement property LSpec of the .cfg is not ported (it is a temporal property).
 *
 * Processes 1 and 2 are stored at indices 0 and 1. The guard of a3, `~c[Other(self)] \/ turn = self`, is a
 * disjunction, and TLC computes one successor per true disjunct; but no reachable state makes both true (p's
 * a2 gives the turn away, and only the other process's a2, after it raised its flag, gives it back), so one
 * action per label computes exactly TLC's successors.
 */
import { produce } from 'immer';
import { defineModel } from 'interleave';

type Label = 'a0' | 'a1' | 'a2' | 'a3' | 'cs' | 'a4';
type Proc = 1 | 2;

interface State {
  readonly pc: readonly Label[];
  readonly c: readonly boolean[];
  readonly turn: Proc;
}

interface Action {
  readonly type: Label;
  readonly self: Proc;
}

const PROCS: readonly Proc[] = [1, 2];
const LABELS: readonly Label[] = ['a0', 'a1', 'a2', 'a3', 'cs', 'a4'];
const NEXT_LABEL: Readonly<Record<Label, Label>> = { a0: 'a1', a1: 'a2', a2: 'a3', a3: 'cs', cs: 'a4', a4: 'a0' };

const other = (p: Proc): Proc => (p === 1 ? 2 : 1);
const pcOf = (s: State, p: Proc): Label | undefined => s.pc[p - 1];
const flagOf = (s: State, p: Proc): boolean => s.c[p - 1] === true;
const lockcs = (s: State, p: Proc): boolean => pcOf(s, p) === 'cs' || pcOf(s, p) === 'a4';

function enabled(s: State, a: Action): boolean {
  if (pcOf(s, a.self) !== a.type) return false;
  // a3 waits until the other process is not interested or it is this one's turn.
  return a.type !== 'a3' || !flagOf(s, other(a.self)) || s.turn === a.self;
}

export default defineModel<State, Action, Record<string, never>>({
  name: 'Peterson',
  params: {},
  init: () => [{ pc: ['a0', 'a0'], c: [false, false], turn: 1 }],
  actions: () =>
    PROCS.flatMap((self) => LABELS.map((type): Action => ({ type, self }))),
  actor: (a) => `proc${a.self}`,
  next: (s, a) => {
    if (!enabled(s, a)) return undefined;
    return produce(s, (d) => {
      const i = a.self - 1;
      d.pc[i] = NEXT_LABEL[a.type];
      if (a.type === 'a1') d.c[i] = true;
      if (a.type === 'a2') d.turn = other(a.self);
      if (a.type === 'a4') d.c[i] = false;
    });
  },
  invariants: {
    TypeOK: (s) =>
      s.c.length === 2 &&
      s.c.every((b) => typeof b === 'boolean') &&
      s.pc.length === 2 &&
      s.pc.every((l) => LABELS.includes(l)) &&
      (s.turn === 1 || s.turn === 2),
    Inv: (s) =>
      PROCS.every((p) => flagOf(s, p) === ['a2', 'a3', 'cs', 'a4'].includes(pcOf(s, p) ?? '')) &&
      PROCS.every(
        (p) => !lockcs(s, p) || s.turn === p || ['a0', 'a1', 'a2'].includes(pcOf(s, other(p)) ?? ''),
      ) &&
      !(lockcs(s, 1) && lockcs(s, 2)),
  },
});
