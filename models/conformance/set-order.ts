/**
 * Value semantics of states: Sets, Maps and records that hold the same entries are the same value, whatever
 * order the entries were inserted in.
 *
 * Each step adds one key, out of k1..kN, to every collection of the state, either at the front or at the
 * back. Different paths therefore build the same contents in different insertion orders (and record
 * entries with their fields in different orders), and a checker with value semantics must count each
 * contents once: the reachable states are exactly the 2^N subsets of the keys.
 */
import { defineModel } from 'interleave';

interface Entry {
  readonly key: string;
  readonly bit: number;
}

interface State {
  readonly members: ReadonlySet<string>;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly index: ReadonlyMap<string, number>;
  /** Keys grouped by the parity of their number: a Map of Sets. */
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  /** A Set of records, whose fields are also written in either order. */
  readonly entries: ReadonlySet<Entry>;
}

interface Action {
  readonly type: 'AddFront' | 'AddBack';
  readonly key: string;
}

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `k${i + 1}`);
const groupOf = (key: string): string => (Number(key.slice(1)) % 2 === 0 ? 'even' : 'odd');

function addFront(s: State, key: string): State {
  const group = groupOf(key);
  const others = [...s.groups].filter(([g]) => g !== group);
  return {
    members: new Set([key, ...s.members]),
    flags: { [key]: true, ...s.flags },
    index: new Map([[key, 1], ...s.index]),
    groups: new Map([[group, new Set([key, ...(s.groups.get(group) ?? [])])], ...others]),
    entries: new Set([{ bit: 1, key }, ...s.entries]),
  };
}

function addBack(s: State, key: string): State {
  const group = groupOf(key);
  const groups = new Map(s.groups);
  groups.set(group, new Set([...(s.groups.get(group) ?? []), key]));
  return {
    members: new Set([...s.members, key]),
    flags: { ...s.flags, [key]: true },
    index: new Map([...s.index, [key, 1]]),
    groups,
    entries: new Set([...s.entries, { key, bit: 1 }]),
  };
}

export default defineModel<State, Action, { n: number }>({
  name: 'SetOrder',
  params: { n: 4 },
  deadlock: false,
  init: () => [{ members: new Set(), flags: {}, index: new Map(), groups: new Map(), entries: new Set() }],
  actions: (_s, { n }) =>
    keys(n).flatMap((key): Action[] => [
      { type: 'AddFront', key },
      { type: 'AddBack', key },
    ]),
  next: (s, a) => {
    if (s.members.has(a.key)) return undefined;
    return a.type === 'AddFront' ? addFront(s, a.key) : addBack(s, a.key);
  },
  invariants: {
    // Every collection holds the same keys.
    Consistent: (s) => {
      const grouped = [...s.groups.values()].flatMap((g) => [...g]);
      const sizes = [Object.keys(s.flags).length, s.index.size, grouped.length, s.entries.size];
      return (
        sizes.every((size) => size === s.members.size) &&
        [...s.members].every((k) => s.flags[k] === true && s.index.get(k) === 1 && grouped.includes(k))
      );
    },
  },
});
