/**
 * Chang and Roberts' leader election on a unidirectional ring (tlaplus/Examples, specifications/chang_roberts/
 * ChangRoberts.tla), checked as in MCChangRoberts.cfg: N = 3, Id = <<1, 2, 3>>, invariants TypeOK and
 * Correctness, no deadlock check. The liveness property of the .cfg is not ported.
 *
 * Node n is stored at index n - 1; `msgs[n]` is a Set of ids. The step n1 picks any id in the node's inbox
 * (`\E id \in msgs[self]`), so there is one action per (node, id), as TLC has one successor per binding.
 * The translation's Terminating step needs every pc to be "Done", which no step sets; it is kept as written.
 */
import { defineModel } from 'interleave';

type Label = 'n0' | 'n1' | 'Done';
type NodeState = 'cand' | 'lost' | 'won';

interface State {
  readonly msgs: readonly ReadonlySet<number>[];
  readonly pc: readonly Label[];
  readonly initiator: readonly boolean[];
  readonly state: readonly NodeState[];
}

type Action =
  | { readonly type: 'n0'; readonly self: number }
  | { readonly type: 'n1'; readonly self: number; readonly id: number }
  | { readonly type: 'Terminating' };

const nodes = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const succ = (node: number, n: number): number => (node === n ? 1 : node + 1);
/** MCChangRoberts: Id == [i \in 1..N |-> i]. */
const idOf = (node: number): number => node;

function replaceAt<T>(xs: readonly T[], index: number, value: T): T[] {
  return xs.map((x, i) => (i === index ? value : x));
}

function withAdded(msgs: readonly ReadonlySet<number>[], node: number, id: number): ReadonlySet<number>[] {
  const inbox = msgs[node - 1] ?? new Set<number>();
  return replaceAt(msgs, node - 1, new Set([...inbox, id]));
}

function withRemoved(msgs: readonly ReadonlySet<number>[], node: number, id: number): ReadonlySet<number>[] {
  const inbox = msgs[node - 1] ?? new Set<number>();
  return replaceAt(msgs, node - 1, new Set([...inbox].filter((m) => m !== id)));
}

/** All functions Node -> BOOLEAN, as `initiator \in [Node -> BOOLEAN]` enumerates them. */
function allInitiators(n: number): boolean[][] {
  return nodes(n).reduce<boolean[][]>((acc) => acc.flatMap((xs) => [[...xs, false], [...xs, true]]), [[]]);
}

export default defineModel<State, Action, { n: number }>({
  name: 'ChangRoberts',
  params: { n: 3 },
  deadlock: false,
  init: ({ n }) =>
    allInitiators(n).map((initiator) => ({
      msgs: nodes(n).map(() => new Set<number>()),
      pc: nodes(n).map((): Label => 'n0'),
      initiator,
      state: initiator.map((i): NodeState => (i ? 'cand' : 'lost')),
    })),
  actions: (s, { n }) => [
    ...nodes(n).flatMap((self): Action[] => [
      { type: 'n0', self },
      ...[...(s.msgs[self - 1] ?? [])].map((id): Action => ({ type: 'n1', self, id })),
    ]),
    { type: 'Terminating' },
  ],
  actor: (a) => (a.type === 'Terminating' ? undefined : `node${a.self}`),
  next: (s, a, { n }) => {
    if (a.type === 'Terminating') return s.pc.every((l) => l === 'Done') ? s : undefined;
    const i = a.self - 1;
    if (a.type === 'n0') {
      if (s.pc[i] !== 'n0') return undefined;
      const msgs = s.initiator[i] ? withAdded(s.msgs, succ(a.self, n), idOf(a.self)) : s.msgs;
      return { ...s, msgs, pc: replaceAt(s.pc, i, 'n1') };
    }
    if (s.pc[i] !== 'n1' || !s.msgs[i]?.has(a.id)) return undefined;
    const rest = withRemoved(s.msgs, a.self, a.id);
    const forwarded = withAdded(rest, succ(a.self, n), a.id);
    if (s.state[i] === 'lost') return { ...s, msgs: forwarded };
    // A smaller id beats this node: record the loss and pass the id on.
    if (a.id < idOf(a.self)) return { ...s, msgs: forwarded, state: replaceAt(s.state, i, 'lost') };
    // Swallow a larger id; receiving its own id back means this node won.
    return { ...s, msgs: rest, state: a.id === idOf(a.self) ? replaceAt(s.state, i, 'won') : s.state };
  },
  invariants: {
    TypeOK: (s, { n }) => {
      const ids = new Set(nodes(n).map(idOf));
      return (
        s.pc.length === n &&
        s.pc.every((l) => l === 'n0' || l === 'n1' || l === 'Done') &&
        s.msgs.length === n &&
        s.msgs.every((inbox) => [...inbox].every((id) => ids.has(id))) &&
        s.initiator.length === n &&
        s.initiator.every((b) => typeof b === 'boolean') &&
        s.state.length === n &&
        s.state.every((x) => x === 'cand' || x === 'lost' || x === 'won')
      );
    },
    Correctness: (s, { n }) =>
      nodes(n).every(
        (w) =>
          s.state[w - 1] !== 'won' ||
          (s.initiator[w - 1] === true &&
            nodes(n).every(
              (m) =>
                m === w || (s.state[m - 1] === 'lost' && (!s.initiator[m - 1] || idOf(m) > idOf(w))),
            )),
      ),
  },
});
