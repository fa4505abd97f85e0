import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../src/check/check';
import { actorGraphModel, type ActorGraphSpec } from '../fixtures/actor-graph-model';
import type { Violation } from '../../src/check/result';
import { defineModel } from '../../src/model/define-model';
import type { InterleaveError } from '../../src/errors/interleave-error';

/**
 * `check` with `fewestSwitches` against brute force over random actor-labelled graphs: for each property broken,
 * a counterexample as short as the plain search's with the fewest actor switches among all of that length, both
 * when the search stops at the first counterexample (and finishes its level) and with `continue`.
 */

const graphs = fc.integer({ min: 2, max: 9 }).chain((size) =>
  fc.record({
    initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 2 }),
    edges: fc.array(fc.array(fc.record({ to: fc.nat({ max: size - 1 }), actor: fc.nat({ max: 2 }) }), { maxLength: 4 }), { minLength: size, maxLength: size }),
    bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
    badSteps: fc.array(fc.tuple(fc.nat({ max: size - 1 }), fc.nat({ max: size - 1 })), { maxLength: 2 }),
    outside: fc.array(fc.nat({ max: size - 1 }), { maxLength: 1 }),
  }),
);

type Kind = 'invariant' | 'action-invariant' | 'deadlock';

/**
 * The counterexamples of at most `steps` steps to one property (brute force): paths from an initial node that
 * end at their first violation. A node outside the constraint is checked but not left; a deadlock is a node inside
 * it with no edge.
 */
function counterexamples(spec: ActorGraphSpec, kind: Kind, steps: number): { nodes: number[]; actors: number[] }[] {
  const out: { nodes: number[]; actors: number[] }[] = [];
  const outside = spec.outside ?? [];
  const go = (nodes: number[], actors: number[]): void => {
    const at = nodes[nodes.length - 1] as number;
    const prev = nodes[nodes.length - 2];
    const broken =
      kind === 'invariant'
        ? spec.bad.includes(at)
        : kind === 'action-invariant'
          ? prev !== undefined && (spec.badSteps ?? []).some(([f, t]) => f === prev && t === at)
          : !outside.includes(at) && (spec.edges[at] ?? []).length === 0;
    if (broken) {
      out.push({ nodes, actors });
      return;
    }
    if (actors.length === steps || outside.includes(at)) return;
    for (const e of spec.edges[at] ?? []) go([...nodes, e.to], [...actors, e.actor]);
  };
  for (const n of new Set(spec.initial)) go([n], []);
  return out;
}

const switches = (actors: readonly number[]): number => actors.slice(1).filter((a, i) => a !== actors[i]).length;
const actorsOf = (v: Violation): number[] => v.trace.slice(1).map((s) => Number((s.action as { actor: string }).actor.slice(1)));

function agrees(spec: ActorGraphSpec, kind: Kind, continueAfter: boolean): void {
  const options = {
    invariants: kind === 'invariant' ? ['Good'] : kind === 'action-invariant' ? ['GoodStep'] : [],
    deadlock: kind === 'deadlock',
    continue: continueAfter,
  };
  const model = actorGraphModel(spec, kind === 'deadlock');
  const plain = check(model, options);
  const fewest = check(model, { ...options, fewestSwitches: true });
  const all = counterexamples(spec, kind, 8);
  if (all.length === 0) {
    expect(fewest.verdict).toBe(plain.verdict);
    expect(fewest.violations).toHaveLength(0);
    return;
  }
  const shortest = Math.min(...all.map((p) => p.nodes.length));
  const least = Math.min(...all.filter((p) => p.nodes.length === shortest).map((p) => switches(p.actors)));
  const v = fewest.violations[0] as Violation;
  expect(v.trace).toHaveLength(shortest);
  expect((plain.violations[0] as Violation).trace).toHaveLength(shortest);
  expect(v.switches?.fewest).toBe(least);
  expect(switches(actorsOf(v))).toBe(least);
  expect(v.switches?.firstFound).toBe(switches(actorsOf(plain.violations[0] as Violation)));
  expect(fewest.search.fewestSwitches).toMatchObject({ method: 'search', exact: true });
  // A real counterexample: the path exists and breaks the property where it ends.
  const nodes = v.trace.map((s) => (s.state as { node: number }).node);
  expect(all.some((p) => p.nodes.join() === nodes.join())).toBe(true);
}

describe('check with fewestSwitches (brute force over random actor graphs)', () => {
  for (const kind of ['invariant', 'action-invariant', 'deadlock'] as const) {
    it(`${kind}: stopping at the first counterexample`, () => {
      fc.assert(fc.property(graphs, (spec) => agrees(spec, kind, false)), { numRuns: 400 });
    });
    it(`${kind}: with continue`, () => {
      fc.assert(fc.property(graphs, (spec) => agrees(spec, kind, true)), { numRuns: 200 });
    });
  }
});

describe('check with fewestSwitches: limits', () => {
  it('falls back to a second search when the model has more actors than the masks hold (33 here)', () => {
    // Three steps of any of 33 actors reach the bad count; the fewest switches is 0 (one actor thrice).
    const model = defineModel<{ n: number }, { type: 'inc'; actor: string }, Record<string, never>>({
      name: 'many-actors',
      params: {},
      init: () => [{ n: 0 }],
      actions: (s) => (s.n < 3 ? Array.from({ length: 33 }, (_, i) => ({ type: 'inc' as const, actor: `t${i}` })) : []),
      next: (s) => ({ n: s.n + 1 }),
      actor: (a) => a.actor,
      invariants: { Small: (s) => s.n < 3 },
      deadlock: false,
    });
    const r = check(model, { fewestSwitches: true });
    expect(r.search.fewestSwitches).toEqual({ method: 'second-search', exact: true, expandedAfterFirst: 3, skippedAfterFirst: 0 });
    expect(r.violations.map((v) => [v.name, v.trace.length, v.switches])).toEqual([['Small', 4, { fewest: 0, firstFound: 0 }]]);
  });

  it('says when a bound stopped the search inside the level of a counterexample (not exact)', () => {
    const spec: ActorGraphSpec = {
      initial: [0],
      edges: [[{ to: 1, actor: 0 }, { to: 2, actor: 1 }, { to: 3, actor: 2 }, { to: 4, actor: 0 }], [], [], [], []],
      bad: [1],
    };
    const r = check(actorGraphModel(spec), { invariants: ['Good'], continue: true, maxStates: 3, fewestSwitches: true });
    expect(r.verdict).toBe('violation');
    expect(r.search.fewestSwitches?.exact).toBe(false);
    const whole = check(actorGraphModel(spec), { invariants: ['Good'], continue: true, fewestSwitches: true });
    expect(whole.search.fewestSwitches?.exact).toBe(true);
  });

  it('is refused with the depth-first strategy, and drops the symmetry hook with a warning', () => {
    const spec: ActorGraphSpec = { initial: [0], edges: [[{ to: 1, actor: 0 }], []], bad: [1] };
    let refused: unknown;
    try {
      check(actorGraphModel(spec), { strategy: 'dfs', fewestSwitches: true });
    } catch (error) {
      refused = error;
    }
    expect((refused as InterleaveError | undefined)?.code).toBe('IL101');
    expect((refused as InterleaveError).message).toContain('fewestSwitches, --fewest-switches');
    const symmetric = { ...actorGraphModel(spec), symmetry: (s: { node: number }) => s };
    const r = check(symmetric, { invariants: ['Good'], fewestSwitches: true });
    expect(r.search.symmetry).toBe(false);
    expect(r.warnings).toContainEqual(expect.stringContaining('did not use the model\'s symmetry hook'));
  });
});
