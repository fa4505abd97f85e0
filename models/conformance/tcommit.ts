/**
 * TCommit, the Transaction Commit specification (tlaplus/Examples, specifications/transaction_commit/TCommit.tla),
 * checked as in TCommit.cfg: RM = {r1, r2, r3}, invariants TCTypeOK and TCConsistent, no deadlock check.
 *
 * Decide(rm) is a disjunction of two steps (commit and abort); TLC computes one successor per true disjunct,
 * so each disjunct is its own action here and the generated-state count matches TLC's.
 */
import { defineModel } from 'interleave';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';

interface State {
  readonly rmState: Readonly<Record<string, RmState>>;
}

type Action =
  | { readonly type: 'Prepare'; readonly actor: string }
  | { readonly type: 'DecideCommit'; readonly actor: string }
  | { readonly type: 'DecideAbort'; readonly actor: string };

const RM_STATES: ReadonlySet<string> = new Set(['working', 'prepared', 'committed', 'aborted']);

/** RM = {r1, ..., rN}; the .cfg uses three. */
function resourceManagers(rm: number): string[] {
  return Array.from({ length: rm }, (_, i) => `r${i + 1}`);
}

function canCommit(s: State): boolean {
  return Object.values(s.rmState).every((v) => v === 'prepared' || v === 'committed');
}

function notCommitted(s: State): boolean {
  return Object.values(s.rmState).every((v) => v !== 'committed');
}

function set(s: State, rm: string, value: RmState): State {
  return { rmState: { ...s.rmState, [rm]: value } };
}

export default defineModel<State, Action, { rm: number }>({
  name: 'TCommit',
  params: { rm: 3 },
  deadlock: false,
  init: ({ rm }) => [{ rmState: Object.fromEntries(resourceManagers(rm).map((r) => [r, 'working' as RmState])) }],
  actions: (_s, { rm }) =>
    resourceManagers(rm).flatMap((r): Action[] => [
      { type: 'Prepare', actor: r },
      { type: 'DecideCommit', actor: r },
      { type: 'DecideAbort', actor: r },
    ]),
  next: (s, a) => {
    const cur = s.rmState[a.actor];
    switch (a.type) {
      case 'Prepare':
        return cur === 'working' ? set(s, a.actor, 'prepared') : undefined;
      case 'DecideCommit':
        return cur === 'prepared' && canCommit(s) ? set(s, a.actor, 'committed') : undefined;
      case 'DecideAbort':
        return (cur === 'working' || cur === 'prepared') && notCommitted(s) ? set(s, a.actor, 'aborted') : undefined;
    }
  },
  invariants: {
    TCTypeOK: (s, { rm }) => {
      const keys = Object.keys(s.rmState);
      const rms = resourceManagers(rm);
      return keys.length === rms.length && rms.every((r) => RM_STATES.has(s.rmState[r] ?? ''));
    },
    TCConsistent: (s) => {
      const values = Object.values(s.rmState);
      return !(values.includes('aborted') && values.includes('committed'));
    },
  },
});
