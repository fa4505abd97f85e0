import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { buildStateSpaceGraph } from '../../src/graph/state-space-graph';
import { fingerprint } from '../../src/state/fingerprint';
import type { AnyModel } from '../../src/model/types';
import { race, raceViolation } from './fixtures/traces';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('buildStateSpaceGraph', () => {
  it('holds the states and transitions the checker counts', () => {
    for (const [tasks, states, transitions] of [
      [2, 13, 14],
      [3, 84, 111],
    ] as const) {
      const g = buildStateSpaceGraph(race, { maxStates: 1000, params: { tasks } });
      const result = check(race, { params: { tasks }, continue: true });
      expect(g.order).toBe(states);
      expect(g.size).toBe(transitions);
      expect(result.distinctStates).toBe(states);
      // generatedStates counts the one initial state plus every successor (one per edge).
      expect(result.generatedStates).toBe(transitions + 1);
      expect(g.filterNodes((_, a) => a.initial)).toHaveLength(1);
    }
  });

  it('marks violating states and the shortest path to them', () => {
    const g = buildStateSpaceGraph(race, { maxStates: 100 });
    const v = raceViolation();
    const bad = g.filterNodes((_, a) => a.violating);
    expect(bad).toEqual([fingerprint(v.trace[v.trace.length - 1]?.state)]);
    expect(g.getNodeAttributes(bad[0] as string)).toMatchObject({ depth: 5, failing: ['NoLostUpdate'], deadlock: false });
    const marked = g.filterEdges((_, a) => a.counterexample);
    expect(marked).toHaveLength(4);
    expect(g.filterNodes((_, a) => a.depth === 3)).toHaveLength(3);
  });

  it('marks deadlocks (states without successors unless terminal)', () => {
    const noTerminal = { ...race, terminal: undefined } as AnyModel;
    const g = buildStateSpaceGraph(noTerminal, { maxStates: 100 });
    expect(g.filterNodes((_, a) => a.deadlock)).toHaveLength(3);
    // Shortest paths to the deadlocks and to the violation share edges.
    expect(g.filterEdges((_, a) => a.counterexample)).toHaveLength(11);
    expect(buildStateSpaceGraph(race, { maxStates: 100 }).filterNodes((_, a) => a.deadlock)).toHaveLength(0);
  });

  it('refuses a state space larger than maxStates instead of cutting it', () => {
    expect(codeOf(() => buildStateSpaceGraph(race, { maxStates: 12 }))).toBe('IL101');
    expect(buildStateSpaceGraph(race, { maxStates: 13 }).order).toBe(13);
    expect(codeOf(() => buildStateSpaceGraph(race, { maxStates: 0 }))).toBe('IL101');
  });

  it('leaves out states outside the constraint', () => {
    const bounded = { ...race, constraint: (s: unknown) => (s as { counter: number }).counter === 0 } as AnyModel;
    const g = buildStateSpaceGraph(bounded, { maxStates: 100 });
    expect(g.order).toBe(4);
    expect(g.size).toBe(4);
  });

  it('reports model failures and invalid values with their codes', () => {
    const base = { name: 'bad', params: {}, init: () => [{ n: 0 }], invariants: {} };
    const throwing = defineModel<{ n: number }, { type: 'go' }, Record<string, never>>({
      ...base,
      actions: () => [{ type: 'go' }],
      next: () => {
        throw new Error('boom');
      },
    }) as unknown as AnyModel;
    const invalid = defineModel<{ n: number }, { type: 'go' }, Record<string, never>>({
      ...base,
      actions: () => [{ type: 'go' }],
      next: () => ({ n: undefined as unknown as number }),
    }) as unknown as AnyModel;
    expect(codeOf(() => buildStateSpaceGraph(throwing, { maxStates: 10 }))).toBe('IL301');
    expect(codeOf(() => buildStateSpaceGraph(invalid, { maxStates: 10 }))).toBe('IL302');
  });
});

describe('buildStateSpaceGraph keys', () => {
  it('names transitions in exploration order, the same on every run', () => {
    const a = buildStateSpaceGraph(race, { maxStates: 100 });
    const b = buildStateSpaceGraph(race, { maxStates: 100 });
    expect(a.edges()).toEqual(Array.from({ length: 14 }, (_, i) => `t${i + 1}`));
    expect(b.mapEdges((k, _a, s, t) => [k, s, t])).toEqual(a.mapEdges((k, _a, s, t) => [k, s, t]));
  });
});
