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

interface State {
  readonly rmState: Readonly<Record<string, RmState>>;
  readonly tmState: TmState;
  readonly tmPrepared: ReadonlySet<string>;
  /** Every message ever sent; receiving one does not remove it. */
  readonly msgs: ReadonlySet<Message>;
}

type Action =
  | { readonly type: 'TMCommit' | 'TMAbort' }
  | {
      readonly type: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg';
      readonly rm: string;
    };

const resourceManagers = (rm: number): string[] => Array.from({ length: rm }, (_, i) => `r${i + 1}`);

// Messages are records, so Set membership compares fields rather than object identity.
const sent = (msgs: ReadonlySet<Message>, type: Message['type'], rm?: string): boolean =>
  [...msgs].some((m) => m.type === type && (rm === undefined || (m.type === 'Prepared' && m.rm === rm)));

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
  actions: (_s, { rm }) => [
    { type: 'TMCommit' },
    { type: 'TMAbort' },
    ...resourceManagers(rm).flatMap((r): Action[] => [
      { type: 'TMRcvPrepared', rm: r },
      { type: 'RMPrepare', rm: r },
      { type: 'RMChooseToAbort', rm: r },
      { type: 'RMRcvCommitMsg', rm: r },
      { type: 'RMRcvAbortMsg', rm: r },
    ]),
  ],
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
      const rms = resourceManagers(rm);
      return (
        Object.keys(s.rmState).length === rm &&
        rms.every((r) => RM_STATES.includes(s.rmState[r] ?? '')) &&
        TM_STATES.includes(s.tmState) &&
        [...s.tmPrepared].every((r) => rms.includes(r)) &&
        [...s.msgs].every((m) =>
          m.type === 'Prepared' ? rms.includes(m.rm) : m.type === 'Commit' || m.type === 'Abort',
        )
      );
    },
    TCConsistent: (s) => {
      const states = Object.values(s.rmState);
      return !(states.includes('aborted') && states.includes('committed'));
    },
  },
});
