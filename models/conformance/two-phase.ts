/**
 * Two-phase commit (tlaplus/Examples, specifications/transaction_commit/TwoPhase.tla), checked as in
 * TwoPhase.cfg with RM = {r1, ..., r<rm>}: invariant TPTypeOK, and TCConsistent of the TCommit instance
 * (no RM aborted while another committed). Deadlock checked, as the .cfg does.
 *
 * Written the way a user would: plain objects and Sets, updated with spreads. Every RM action is one
 * action per RM, as TLC has one successor per binding of `\E rm \in RM`; steps that change nothing
 * (a repeated TMRcvPrepared, RMRcvCommitMsg) are successors too, as they are for TLC.
 */
import { defineModel } from 'interleave';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
type TmState = 'init' | 'committed' | 'aborted';
type Message = { readonly type: 'Prepared'; readonly rm: string } | { readonly type: 'Commit' | 'Abort' };

export interface State {
  readonly rmState: Readonly<Record<string, RmState>>;
  readonly tmState: TmState;
  readonly tmPrepared: ReadonlySet<string>;
  /** Every message ever sent; receiving one does not remove it. */
  readonly msgs: ReadonlySet<Message>;
}

export type Action =
  | { readonly type: 'TMCommit' | 'TMAbort' }
  | {
      readonly type: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg';
      readonly rm: string;
    };

const resourceManagers = (rm: number): string[] => Array.from({ length: rm }, (_, i) => `r${i + 1}`);

// The actions do not depend on the state: build the list once per size.
const actionLists = new Map<number, readonly Action[]>();
const actionsFor = (rm: number): readonly Action[] => {
  let list = actionLists.get(rm);
  if (list === undefined) {
    list = [
      { type: 'TMCommit' },
      { type: 'TMAbort' },
      ...resourceManagers(rm).flatMap((r): Action[] => [
        { type: 'TMRcvPrepared', rm: r },
        { type: 'RMPrepare', rm: r },
        { type: 'RMChooseToAbort', rm: r },
        { type: 'RMRcvCommitMsg', rm: r },
        { type: 'RMRcvAbortMsg', rm: r },
      ]),
    ];
    actionLists.set(rm, list);
  }
  return list;
};

// Messages are records, so Set membership compares fields rather than object identity.
export const sent = (msgs: ReadonlySet<Message>, type: Message['type'], rm?: string): boolean => {
  for (const m of msgs) if (m.type === type && (rm === undefined || (m.type === 'Prepared' && m.rm === rm))) return true;
  return false;
};

const rmSets = new Map<number, ReadonlySet<string>>();
/** Whether `r` is one of r1 .. r<rm>. */
const isRm = (r: string, rm: number): boolean => {
  let set = rmSets.get(rm);
  if (set === undefined) rmSets.set(rm, (set = new Set(resourceManagers(rm))));
  return set.has(r);
};

const RM_STATES: readonly string[] = ['working', 'prepared', 'committed', 'aborted'];
const TM_STATES: readonly string[] = ['init', 'committed', 'aborted'];

export default defineModel<State, Action, { rm: number }>({
  name: 'TwoPhase',
  params: { rm: 3 },
  init: ({ rm }) => [
    {
      rmState: Object.fromEntries(resourceManagers(rm).map((r) => [r, 'working'])),
      tmState: 'init',
      tmPrepared: new Set(),
      msgs: new Set(),
    },
  ],
  actions: (_s, { rm }) => actionsFor(rm),
  actor: (a) => ('rm' in a && !a.type.startsWith('TM') ? a.rm : 'TM'),
  next: (s, a, { rm }) => {
    switch (a.type) {
      case 'TMRcvPrepared':
        if (s.tmState !== 'init' || !sent(s.msgs, 'Prepared', a.rm)) return undefined;
        return { ...s, tmPrepared: new Set([...s.tmPrepared, a.rm]) };
      case 'TMCommit':
        if (s.tmState !== 'init' || s.tmPrepared.size !== rm) return undefined;
        return { ...s, tmState: 'committed', msgs: new Set([...s.msgs, { type: 'Commit' }]) };
      case 'TMAbort':
        if (s.tmState !== 'init') return undefined;
        return { ...s, tmState: 'aborted', msgs: new Set([...s.msgs, { type: 'Abort' }]) };
      case 'RMPrepare':
        if (s.rmState[a.rm] !== 'working') return undefined;
        return {
          ...s,
          rmState: { ...s.rmState, [a.rm]: 'prepared' },
          msgs: new Set([...s.msgs, { type: 'Prepared', rm: a.rm }]),
        };
      case 'RMChooseToAbort':
        if (s.rmState[a.rm] !== 'working') return undefined;
        return { ...s, rmState: { ...s.rmState, [a.rm]: 'aborted' } };
      case 'RMRcvCommitMsg':
        if (!sent(s.msgs, 'Commit')) return undefined;
        return { ...s, rmState: { ...s.rmState, [a.rm]: 'committed' } };
      case 'RMRcvAbortMsg':
        if (!sent(s.msgs, 'Abort')) return undefined;
        return { ...s, rmState: { ...s.rmState, [a.rm]: 'aborted' } };
    }
  },
  invariants: {
    TPTypeOK: (s, { rm }) => {
      let n = 0;
      for (const r in s.rmState) {
        if (!isRm(r, rm) || !RM_STATES.includes(s.rmState[r] as string)) return false;
        n++;
      }
      if (n !== rm || !TM_STATES.includes(s.tmState)) return false;
      for (const r of s.tmPrepared) if (!isRm(r, rm)) return false;
      for (const m of s.msgs) {
        if (m.type === 'Prepared' ? !isRm(m.rm, rm) : m.type !== 'Commit' && m.type !== 'Abort') return false;
      }
      return true;
    },
    TCConsistent: (s) => {
      let aborted = false;
      let committed = false;
      for (const r in s.rmState) {
        if (s.rmState[r] === 'aborted') aborted = true;
        else if (s.rmState[r] === 'committed') committed = true;
      }
      return !(aborted && committed);
    },
  },
});
