/**
 * Two-phase commit (tlaplus/Examples, specifications/transaction_commit/TwoPhase.tla) as `two-phase.ts`, with
 * every update written with immer's `produce` rather than spreads: the same states, actions, invariants and
 * initial state (taken from that port), so that the two measure what immer costs
 * (`npm run bench -- --filter TwoPhase`). Sets are drafted with `enableMapSet`, as immer requires for them.
 */
import { enableMapSet, produce } from 'immer';
import { defineModel } from 'interleave';
import twoPhase, { sent } from './two-phase';

enableMapSet();

export default defineModel({
  ...twoPhase,
  name: 'TwoPhase (immer)',
  next: (s, a, { rm }) => {
    switch (a.type) {
      case 'TMRcvPrepared':
        if (s.tmState !== 'init' || !sent(s.msgs, 'Prepared', a.rm)) return undefined;
        return produce(s, (d) => {
          d.tmPrepared.add(a.rm);
        });
      case 'TMCommit':
        if (s.tmState !== 'init' || s.tmPrepared.size !== rm) return undefined;
        return produce(s, (d) => {
          d.tmState = 'committed';
          d.msgs.add({ type: 'Commit' });
        });
      case 'TMAbort':
        if (s.tmState !== 'init') return undefined;
        return produce(s, (d) => {
          d.tmState = 'aborted';
          d.msgs.add({ type: 'Abort' });
        });
      case 'RMPrepare':
        if (s.rmState[a.rm] !== 'working') return undefined;
        return produce(s, (d) => {
          d.rmState[a.rm] = 'prepared';
          d.msgs.add({ type: 'Prepared', rm: a.rm });
        });
      case 'RMChooseToAbort':
        if (s.rmState[a.rm] !== 'working') return undefined;
        return produce(s, (d) => {
          d.rmState[a.rm] = 'aborted';
        });
      case 'RMRcvCommitMsg':
        if (!sent(s.msgs, 'Commit')) return undefined;
        return produce(s, (d) => {
          d.rmState[a.rm] = 'committed';
        });
      case 'RMRcvAbortMsg':
        if (!sent(s.msgs, 'Abort')) return undefined;
        return produce(s, (d) => {
          d.rmState[a.rm] = 'aborted';
        });
    }
  },
});
