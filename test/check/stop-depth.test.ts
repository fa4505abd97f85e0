/**
 * The depth of a search that stops early is TLC's: that of the deepest state found so far, counting initial
 * states as depth 1, so it includes the level being expanded when the stop came. TLC's numbers are from
 * running tla2tools.jar (-workers 1) on the specs quoted with each case.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';

const PEOPLE = ['c1', 'c2', 'c3', 'm1', 'm2', 'm3'] as const;
const isCannibal = (p: string): boolean => p.startsWith('c');

interface Banks {
  readonly boat: 'E' | 'W';
  readonly E: readonly string[];
  readonly W: readonly string[];
}

function safe(bank: readonly string[]): boolean {
  const cannibals = bank.filter(isCannibal).length;
  return cannibals === bank.length || cannibals <= bank.length - cannibals;
}

/** tlaplus/Examples MissionariesAndCannibals.tla with its .cfg: TLC finds Solution violated at depth 12. */
const missionaries = defineModel<Banks, { type: 'Move'; who: readonly string[] }, Record<string, never>>({
  name: 'MissionariesAndCannibals',
  params: {},
  init: () => [{ boat: 'E', E: [...PEOPLE], W: [] }],
  actions: () => [...PEOPLE.map((p) => [p]), ...PEOPLE.flatMap((p, i) => PEOPLE.slice(i + 1).map((q) => [p, q]))].map((who) => ({ type: 'Move' as const, who })),
  next: (s, a) => {
    const here = s[s.boat];
    if (!a.who.every((p) => here.includes(p))) return undefined;
    const left = here.filter((p) => !a.who.includes(p));
    const there = [...s[s.boat === 'E' ? 'W' : 'E'], ...a.who].sort();
    if (!safe(left) || !safe(there)) return undefined;
    return s.boat === 'E' ? { boat: 'W', E: left, W: there } : { boat: 'E', E: there, W: left };
  },
  invariants: { Solution: (s) => s.E.length > 0 },
});

/** A counter from each initial state; a chain ends at `last(x)` (a deadlock there). */
function chains(inits: readonly number[], last: (x: number) => number | undefined, invariant: (x: number) => boolean = () => true) {
  return defineModel<{ x: number }, { type: 'Inc' }, Record<string, never>>({
    name: 'chains',
    params: {},
    init: () => inits.map((x) => ({ x })),
    actions: () => [{ type: 'Inc' }],
    next: (s) => (s.x === last(s.x) ? undefined : { x: s.x + 1 }),
    invariants: { Inv: (s) => invariant(s.x) },
  });
}

describe('depth at a stop', () => {
  it('is the depth of the violating state: 12 for MissionariesAndCannibals, as TLC', () => {
    const r = check(missionaries);
    expect(r.verdict).toBe('violation');
    expect(r.violations[0]?.trace).toHaveLength(12);
    expect([r.distinctStates, r.depth]).toEqual([61, 12]);
    expect(r.statesPerDepth.reduce((x, y) => x + y, 0)).toBe(r.distinctStates);
  });

  it('is 1 for a violation in an initial state', () => {
    const r = check(chains([0, 1], (x) => x + 5, (x) => x !== 1));
    expect([r.verdict, r.depth, r.statesPerDepth]).toEqual(['violation', 1, [2]]);
  });

  // Dead.tla: Init x \in {0, 10}; Next x < 3 -> x+1, 10 <= x < 14 -> x+1. TLC: deadlock, 8 distinct, depth 4.
  it('is the deadlocked state\'s depth when no deeper state was found before it', () => {
    const r = check(chains([0, 10], (x) => (x < 10 ? 3 : 14)));
    expect([r.verdict, r.distinctStates, r.depth]).toEqual(['deadlock', 8, 4]);
  });

  // Dead2.tla: Next x < 4 -> x+1, 10 <= x < 13 -> x+1. TLC: deadlock at x = 13 (depth 4), 9 distinct, depth 5.
  it('counts the states of the next level found before the deadlocked state, as TLC', () => {
    const r = check(chains([0, 10], (x) => (x < 10 ? 4 : 13)));
    expect([r.verdict, r.distinctStates, r.depth]).toEqual(['deadlock', 9, 5]);
    expect(r.violations[0]?.trace).toHaveLength(4);
  });

  it('is the depth of the last state stored at max-states, and the levels add up to the states kept', () => {
    for (const [maxStates, depth] of [[1, 1], [2, 1], [3, 2], [6, 3]] as const) {
      const r = check(chains([0, 10], () => -1), { maxStates });
      expect([r.verdict, r.distinctStates, r.depth], `maxStates ${maxStates}`).toEqual(['incomplete', maxStates, depth]);
      expect(r.statesPerDepth.reduce((x, y) => x + y, 0)).toBe(maxStates);
    }
  });

  it('is unchanged for a complete search', () => {
    const r = check(chains([0, 10], (x) => (x < 10 ? 3 : 13)), { deadlock: false });
    expect([r.verdict, r.distinctStates, r.depth, r.statesPerDepth]).toEqual(['ok', 8, 4, [2, 2, 2, 2]]);
  });
});
