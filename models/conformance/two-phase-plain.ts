/**
 * Two-phase commit (tlaplus/Examples, specifications/transaction_commit/TwoPhase.tla) written plainly from the
 * TLA+ text, as a user would write it without tuning for the checker: each action a function that rebuilds the
 * whole state record (the changed variables first, then UNCHANGED ones, so that key order differs from action to
 * action), messages a Set of records copied on every send, a fresh action list for every state, and the type
 * invariant spelled out with Sets. Checked as in TwoPhase.cfg with RM = {r1, ..., r<rm>}: TPTypeOK and
 * TCConsistent, deadlock checked. Compare with `two-phase.ts` (the tuned port) in `npm run bench`.
 */
import { defineModel } from 'interleave';

type RM = string;
type Message = { type: 'Prepared'; rm: RM } | { type: 'Commit' } | { type: 'Abort' };

interface State {
  rmState: Record<RM, 'working' | 'prepared' | 'committed' | 'aborted'>;
  tmState: 'init' | 'committed' | 'aborted';
  tmPrepared: Set<RM>;
  msgs: Set<Message>;
}

type Action =
  | { type: 'TMCommit' }
  | { type: 'TMAbort' }
  | { type: 'TMRcvPrepared'; rm: RM }
  | { type: 'RMPrepare'; rm: RM }
  | { type: 'RMChooseToAbort'; rm: RM }
  | { type: 'RMRcvCommitMsg'; rm: RM }
  | { type: 'RMRcvAbortMsg'; rm: RM };

interface Params {
  rm: number;
}

const rms = (p: Params): RM[] => Array.from({ length: p.rm }, (_, i) => `r${i + 1}`);

/** `m \in msgs`, comparing records by their fields as TLA+ does. */
function hasMsg(msgs: Set<Message>, m: Message): boolean {
  for (const x of msgs) {
    if (x.type === m.type && (x.type !== 'Prepared' || (m.type === 'Prepared' && x.rm === m.rm))) return true;
  }
  return false;
}

/** `msgs \cup {m}`. */
const send = (msgs: Set<Message>, m: Message): Set<Message> => new Set([...msgs, m]);

function tmRcvPrepared(s: State, rm: RM): State | undefined {
  if (s.tmState !== 'init' || !hasMsg(s.msgs, { type: 'Prepared', rm })) return undefined;
  return { tmPrepared: new Set([...s.tmPrepared, rm]), rmState: s.rmState, tmState: s.tmState, msgs: s.msgs };
}

function tmCommit(s: State, p: Params): State | undefined {
  if (s.tmState !== 'init' || !rms(p).every((rm) => s.tmPrepared.has(rm))) return undefined;
  return { tmState: 'committed', msgs: send(s.msgs, { type: 'Commit' }), rmState: s.rmState, tmPrepared: s.tmPrepared };
}

function tmAbort(s: State): State | undefined {
  if (s.tmState !== 'init') return undefined;
  return { tmState: 'aborted', msgs: send(s.msgs, { type: 'Abort' }), rmState: s.rmState, tmPrepared: s.tmPrepared };
}

function rmPrepare(s: State, rm: RM): State | undefined {
  if (s.rmState[rm] !== 'working') return undefined;
  return {
    rmState: { ...s.rmState, [rm]: 'prepared' },
    msgs: send(s.msgs, { type: 'Prepared', rm }),
    tmState: s.tmState,
    tmPrepared: s.tmPrepared,
  };
}

function rmChooseToAbort(s: State, rm: RM): State | undefined {
  if (s.rmState[rm] !== 'working') return undefined;
  return { rmState: { ...s.rmState, [rm]: 'aborted' }, tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: s.msgs };
}

function rmRcvCommitMsg(s: State, rm: RM): State | undefined {
  if (!hasMsg(s.msgs, { type: 'Commit' })) return undefined;
  return { rmState: { ...s.rmState, [rm]: 'committed' }, tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: s.msgs };
}

function rmRcvAbortMsg(s: State, rm: RM): State | undefined {
  if (!hasMsg(s.msgs, { type: 'Abort' })) return undefined;
  return { rmState: { ...s.rmState, [rm]: 'aborted' }, tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: s.msgs };
}

export default defineModel<State, Action, Params>({
  name: 'TwoPhase (plain)',
  params: { rm: 3 },
  init: (p) => {
    const rmState: State['rmState'] = {};
    for (const rm of rms(p)) rmState[rm] = 'working';
    return [{ rmState, tmState: 'init', tmPrepared: new Set(), msgs: new Set() }];
  },
  // TPNext: TMCommit \/ TMAbort \/ \E rm \in RM : TMRcvPrepared(rm) \/ RMPrepare(rm) \/ ...
  actions: (_s, p) => {
    const list: Action[] = [{ type: 'TMCommit' }, { type: 'TMAbort' }];
    for (const rm of rms(p)) {
      list.push({ type: 'TMRcvPrepared', rm }, { type: 'RMPrepare', rm }, { type: 'RMChooseToAbort', rm });
      list.push({ type: 'RMRcvCommitMsg', rm }, { type: 'RMRcvAbortMsg', rm });
    }
    return list;
  },
  actor: (a) => (a.type.startsWith('TM') ? 'TM' : (a as { rm: RM }).rm),
  next: (s, a, p) => {
    switch (a.type) {
      case 'TMCommit':
        return tmCommit(s, p);
      case 'TMAbort':
        return tmAbort(s);
      case 'TMRcvPrepared':
        return tmRcvPrepared(s, a.rm);
      case 'RMPrepare':
        return rmPrepare(s, a.rm);
      case 'RMChooseToAbort':
        return rmChooseToAbort(s, a.rm);
      case 'RMRcvCommitMsg':
        return rmRcvCommitMsg(s, a.rm);
      case 'RMRcvAbortMsg':
        return rmRcvAbortMsg(s, a.rm);
    }
  },
  invariants: {
    // rmState \in [RM -> {...}] /\ tmState \in {...} /\ tmPrepared \subseteq RM /\ msgs \subseteq Message
    TPTypeOK: (s, p) => {
      const RMs = new Set(rms(p));
      const rmStates = new Set(['working', 'prepared', 'committed', 'aborted']);
      const keys = Object.keys(s.rmState);
      return (
        keys.length === RMs.size &&
        keys.every((rm) => RMs.has(rm) && rmStates.has(s.rmState[rm] as string)) &&
        new Set(['init', 'committed', 'aborted']).has(s.tmState) &&
        [...s.tmPrepared].every((rm) => RMs.has(rm)) &&
        [...s.msgs].every((m) => (m.type === 'Prepared' ? RMs.has(m.rm) : m.type === 'Commit' || m.type === 'Abort'))
      );
    },
    // TCConsistent: \A rm1, rm2 \in RM : ~(rmState[rm1] = "aborted" /\ rmState[rm2] = "committed")
    TCConsistent: (s, p) => rms(p).every((rm1) => rms(p).every((rm2) => !(s.rmState[rm1] === 'aborted' && s.rmState[rm2] === 'committed'))),
  },
});
