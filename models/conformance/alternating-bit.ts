/**
 * The alternating bit protocol of Specifying Systems (tlaplus/Examples, specifications/SpecifyingSystems/TLC/
 * AlternatingBit.tla), checked as in MCAlternatingBit.cfg: Data = {d1, d2}, msgQLen = ackQLen = 2, invariant
 * ABTypeInv, CONSTRAINT SeqConstraint. The temporal properties ABCSpec and SentLeadsToRcvd are not ported.
 *
 * SndAck is always enabled, so the queues grow without bound: SeqConstraint keeps the state space finite.
 * A successor outside it is counted as generated and checked, but neither stored nor expanded (as in TLC).
 * `\E d \in Data` and `\E i \in 1..Len(q)` have one action per binding, as TLC has one successor per binding.
 */
import { defineModel } from 'interleave';

type Bit = 0 | 1;
type Msg = readonly [Bit, string];

interface State {
  readonly msgQ: readonly Msg[];
  readonly ackQ: readonly Bit[];
  readonly sBit: Bit;
  readonly sAck: Bit;
  readonly rBit: Bit;
  readonly sent: string;
  readonly rcvd: string;
}

type Action =
  | { readonly type: 'SndNewValue'; readonly d: string }
  | { readonly type: 'ReSndMsg' | 'RcvMsg' | 'SndAck' | 'RcvAck' }
  | { readonly type: 'LoseMsg' | 'LoseAck'; readonly i: number };

type Params = { data: number; msgQLen: number; ackQLen: number };

/** Data = {d1, ..., dK}; the .cfg uses two values. */
const dataValues = (k: number): string[] => Array.from({ length: k }, (_, i) => `d${i + 1}`);
const isBit = (b: unknown): b is Bit => b === 0 || b === 1;
const flip = (b: Bit): Bit => (b === 0 ? 1 : 0);
/** The queue without its i-th element (1-based), as Lose(q) builds it. */
const without = <T>(q: readonly T[], i: number): T[] => q.filter((_, j) => j !== i - 1);
const indices = (q: readonly unknown[]): number[] => q.map((_, j) => j + 1);

export default defineModel<State, Action, Params>({
  name: 'AlternatingBit',
  params: { data: 2, msgQLen: 2, ackQLen: 2 },
  init: ({ data }) =>
    ([0, 1] as const).flatMap((bit) =>
      dataValues(data).flatMap((sent) =>
        dataValues(data).map((rcvd) => ({ msgQ: [], ackQ: [], sBit: bit, sAck: bit, rBit: bit, sent, rcvd })),
      ),
    ),
  actions: (s, { data }) => [
    ...dataValues(data).map((d): Action => ({ type: 'SndNewValue', d })),
    { type: 'ReSndMsg' },
    { type: 'RcvMsg' },
    { type: 'SndAck' },
    { type: 'RcvAck' },
    ...indices(s.msgQ).map((i): Action => ({ type: 'LoseMsg', i })),
    ...indices(s.ackQ).map((i): Action => ({ type: 'LoseAck', i })),
  ],
  actor: (a) => {
    if (a.type === 'SndNewValue' || a.type === 'ReSndMsg' || a.type === 'RcvAck') return 'sender';
    return a.type === 'LoseMsg' || a.type === 'LoseAck' ? 'channel' : 'receiver';
  },
  next: (s, a) => {
    switch (a.type) {
      case 'SndNewValue': {
        if (s.sAck !== s.sBit) return undefined;
        const sBit = flip(s.sBit);
        return { ...s, sent: a.d, sBit, msgQ: [...s.msgQ, [sBit, a.d]] };
      }
      case 'ReSndMsg':
        return s.sAck !== s.sBit ? { ...s, msgQ: [...s.msgQ, [s.sBit, s.sent]] } : undefined;
      case 'RcvMsg': {
        const [head, ...tail] = s.msgQ;
        return head === undefined ? undefined : { ...s, msgQ: tail, rBit: head[0], rcvd: head[1] };
      }
      case 'SndAck':
        return { ...s, ackQ: [...s.ackQ, s.rBit] };
      case 'RcvAck': {
        const [head, ...tail] = s.ackQ;
        return head === undefined ? undefined : { ...s, ackQ: tail, sAck: head };
      }
      case 'LoseMsg':
        return a.i <= s.msgQ.length ? { ...s, msgQ: without(s.msgQ, a.i) } : undefined;
      case 'LoseAck':
        return a.i <= s.ackQ.length ? { ...s, ackQ: without(s.ackQ, a.i) } : undefined;
    }
  },
  constraint: (s, { msgQLen, ackQLen }) => s.msgQ.length <= msgQLen && s.ackQ.length <= ackQLen,
  invariants: {
    ABTypeInv: (s, { data }) => {
      const values = new Set(dataValues(data));
      return (
        s.msgQ.every((m) => m.length === 2 && isBit(m[0]) && values.has(m[1])) &&
        s.ackQ.every(isBit) &&
        isBit(s.sBit) &&
        isBit(s.sAck) &&
        isBit(s.rBit) &&
        values.has(s.sent) &&
        values.has(s.rcvd)
      );
    },
  },
});
