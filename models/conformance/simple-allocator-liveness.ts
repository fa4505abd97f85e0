/**
 * The simple resource allocator of tlaplus/Examples (specifications/allocator/SimpleAllocator.tla, by Stephan
 * Merz), checked as in SimpleAllocator.cfg: Clients = {c1, c2, c3}, Resources = {r1, r2}, invariants
 * TypeInvariant and ResourceMutex, and the temporal properties ClientsWillReturn, ClientsWillObtain and
 * InfOftenSatisfied, one property per client (and resource) since each is a conjunction over them.
 *
 * The `fairness` param picks the specification:
 * - `SimpleAllocator`: WF(Return(c, alloc[c])) and SF(\E S: Allocate(c, S)) for each client; all properties hold;
 * - `SimpleAllocator2`: the weak fairness only once the client's request is satisfied; the module states that
 *   ClientsWillReturn still holds but ClientsWillObtain and InfOftenSatisfied do not;
 * - `none`: Init /\ [][Next]_vars alone, under which no property holds (a behaviour may stop anywhere).
 *
 * Sets of resources are sorted arrays. An action carries what its fairness condition needs to know about the
 * state it is taken in: `all` when a Return gives back everything the client holds (Return(c, alloc[c])), and
 * `satisfied` when the client's request is fully served (unsat[c] = {}).
 */
import { defineModel } from 'interleave';

type Client = string;
type Resources = readonly string[];

interface State {
  readonly unsat: Readonly<Record<Client, Resources>>;
  readonly alloc: Readonly<Record<Client, Resources>>;
}

type Action =
  | { readonly type: 'Request' | 'Allocate'; readonly actor: Client; readonly S: Resources }
  | { readonly type: 'Return'; readonly actor: Client; readonly S: Resources; readonly all: boolean; readonly satisfied: boolean };

type Params = { fairness: string };

const CLIENTS: readonly Client[] = ['c1', 'c2', 'c3'];
const RESOURCES: Resources = ['r1', 'r2'];

/** The non-empty subsets of `set`, each sorted, in a fixed order. */
function nonEmptySubsets(set: Resources): Resources[] {
  const out: Resources[] = [];
  for (let bits = 1; bits < 1 << set.length; bits++) out.push(set.filter((_, i) => (bits >> i) & 1));
  return out;
}
const SUBSETS = nonEmptySubsets(RESOURCES);

const subset = (a: Resources, b: Resources): boolean => a.every((x) => b.includes(x));
const union = (a: Resources, b: Resources): Resources => RESOURCES.filter((r) => a.includes(r) || b.includes(r));
const minus = (a: Resources, b: Resources): Resources => a.filter((r) => !b.includes(r));
const get = (m: Readonly<Record<Client, Resources>>, c: Client): Resources => m[c] ?? [];
const available = (s: State): Resources => RESOURCES.filter((r) => CLIENTS.every((c) => !get(s.alloc, c).includes(r)));

const ClientsWillReturn = Object.fromEntries(
  CLIENTS.map((c) => [
    `ClientsWillReturn[${c}]`,
    { kind: 'leadsTo' as const, p: (s: State) => get(s.unsat, c).length === 0, q: (s: State) => get(s.alloc, c).length === 0 },
  ]),
);
const ClientsWillObtain = Object.fromEntries(
  CLIENTS.flatMap((c) =>
    RESOURCES.map((r) => [
      `ClientsWillObtain[${c},${r}]`,
      { kind: 'leadsTo' as const, p: (s: State) => get(s.unsat, c).includes(r), q: (s: State) => get(s.alloc, c).includes(r) },
    ]),
  ),
);
const InfOftenSatisfied = Object.fromEntries(
  CLIENTS.map((c) => [`InfOftenSatisfied[${c}]`, { kind: 'alwaysEventually' as const, p: (s: State) => get(s.unsat, c).length === 0 }]),
);

export default defineModel<State, Action, Params>({
  name: 'SimpleAllocator',
  params: { fairness: 'SimpleAllocator' },
  init: () => [
    {
      unsat: Object.fromEntries(CLIENTS.map((c) => [c, []])),
      alloc: Object.fromEntries(CLIENTS.map((c) => [c, []])),
    },
  ],
  // One action per binding of \E c \in Clients, S \in SUBSET Resources and disjunct, as TLC has one successor
  // per binding (S = {} is never enabled).
  actions: (s) =>
    CLIENTS.flatMap((c) =>
      SUBSETS.flatMap((S): Action[] => {
        const held = get(s.alloc, c);
        return [
          { type: 'Request', actor: c, S },
          { type: 'Allocate', actor: c, S },
          { type: 'Return', actor: c, S, all: S.length === held.length && subset(held, S), satisfied: get(s.unsat, c).length === 0 },
        ];
      }),
    ),
  next: (s, a) => {
    const c = a.actor;
    switch (a.type) {
      case 'Request':
        if (get(s.unsat, c).length > 0 || get(s.alloc, c).length > 0) return undefined;
        return { ...s, unsat: { ...s.unsat, [c]: a.S } };
      case 'Allocate':
        if (!subset(a.S, get(s.unsat, c)) || !subset(a.S, available(s))) return undefined;
        return { unsat: { ...s.unsat, [c]: minus(get(s.unsat, c), a.S) }, alloc: { ...s.alloc, [c]: union(get(s.alloc, c), a.S) } };
      case 'Return':
        if (!subset(a.S, get(s.alloc, c))) return undefined;
        return { ...s, alloc: { ...s.alloc, [c]: minus(get(s.alloc, c), a.S) } };
    }
  },
  invariants: {
    TypeInvariant: (s) =>
      CLIENTS.every((c) => Array.isArray(s.unsat[c]) && Array.isArray(s.alloc[c]) && subset(get(s.unsat, c), RESOURCES) && subset(get(s.alloc, c), RESOURCES)),
    ResourceMutex: (s) => CLIENTS.every((c1) => CLIENTS.every((c2) => c1 === c2 || get(s.alloc, c1).every((r) => !get(s.alloc, c2).includes(r)))),
  },
  properties: { ...ClientsWillReturn, ...ClientsWillObtain, ...InfOftenSatisfied },
  fairness: ({ fairness }) => {
    if (fairness === 'none') return [];
    if (fairness !== 'SimpleAllocator' && fairness !== 'SimpleAllocator2') {
      throw new Error(`fairness must be SimpleAllocator, SimpleAllocator2 or none, not ${fairness}`);
    }
    const onlySatisfied = fairness === 'SimpleAllocator2';
    return CLIENTS.flatMap((c) => [
      {
        kind: 'weak' as const,
        name: `WF(Return(${c}, alloc[${c}]))`,
        actions: (a: Action) => a.type === 'Return' && a.actor === c && a.all && (!onlySatisfied || a.satisfied),
      },
      { kind: 'strong' as const, name: `SF(Allocate(${c}))`, actions: (a: Action) => a.type === 'Allocate' && a.actor === c },
    ]);
  },
});
