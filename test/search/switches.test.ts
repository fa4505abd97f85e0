import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StepEngine } from '../../src/engine/step-engine';
import { replay } from '../../src/engine/replay';
import { fewestSwitches } from '../../src/search/switches/fewest-switches';
import { maxSwitchesSearch } from '../../src/search/switches/max-switches';
import { actorGraphModel, type ActorGraphSpec } from '../fixtures/actor-graph-model';
import type { AnyModel } from '../../src/model/types';

const checks = { invariants: ['Good'], actionInvariants: [], reachable: [], deadlock: false, symmetry: false };

const graphs = fc.integer({ min: 2, max: 7 }).chain((size) =>
  fc.record({
    initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 2 }),
    edges: fc.array(fc.array(fc.record({ to: fc.nat({ max: size - 1 }), actor: fc.nat({ max: 2 }) }), { maxLength: 3 }), { minLength: size, maxLength: size }),
    bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
  }),
);

/** Every path of at most `steps` steps from the initial nodes, with its actors: brute force. */
function paths(spec: ActorGraphSpec, steps: number): { nodes: number[]; actors: number[] }[] {
  const out: { nodes: number[]; actors: number[] }[] = [];
  const go = (nodes: number[], actors: number[]): void => {
    out.push({ nodes, actors });
    if (actors.length === steps) return;
    for (const e of spec.edges[nodes[nodes.length - 1] as number] ?? []) go([...nodes, e.to], [...actors, e.actor]);
  };
  for (const n of new Set(spec.initial)) go([n], []);
  return out;
}

const switches = (actors: readonly number[]): number => actors.slice(1).filter((a, i) => a !== actors[i]).length;
/** The first bad node on a path cuts it: a counterexample ends at its first violation. */
const firstBad = (spec: ActorGraphSpec, nodes: readonly number[]): number => nodes.findIndex((n) => spec.bad.includes(n));

describe('--fewest-switches', () => {
  it('returns a shortest counterexample with the fewest actor switches (brute force over random graphs)', () => {
    fc.assert(
      fc.property(graphs, (spec) => {
        const all = paths(spec, 7).filter((p) => firstBad(spec, p.nodes) === p.nodes.length - 1);
        const engine = new StepEngine(actorGraphModel(spec) as AnyModel, {}, checks);
        const got = fewestSwitches(engine, [{ kind: 'invariant', name: 'Good' }], 7).get('invariant:Good');
        if (all.length === 0) {
          expect(got).toBeUndefined();
          return;
        }
        const shortest = Math.min(...all.map((p) => p.nodes.length));
        const least = Math.min(...all.filter((p) => p.nodes.length === shortest).map((p) => switches(p.actors)));
        expect(got).toBeDefined();
        const trace = replay(engine, got!.path);
        expect(trace.length).toBe(shortest);
        expect(got!.switches).toBe(least);
        expect(switches(trace.slice(1).map((s) => Number((s.action as { actor: string }).actor.slice(1))))).toBe(least);
        expect(spec.bad).toContain((trace.at(-1)!.state as { node: number }).node);
      }),
      { numRuns: 200 },
    );
  });
});

describe('--max-switches', () => {
  it('finds a violation exactly when some path within K switches reaches it, and a shortest one (brute force)', () => {
    const small = fc.integer({ min: 2, max: 5 }).chain((size) =>
      fc.record({
        initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 2 }),
        edges: fc.array(fc.array(fc.record({ to: fc.nat({ max: size - 1 }), actor: fc.nat({ max: 2 }) }), { maxLength: 2 }), { minLength: size, maxLength: size }),
        bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
      }),
    );
    fc.assert(
      fc.property(small, fc.nat(2), (spec, k) => {
        const within = paths(spec, 10).filter((p) => firstBad(spec, p.nodes) === p.nodes.length - 1 && switches(p.actors) <= k);
        const engine = new StepEngine(actorGraphModel(spec) as AnyModel, {}, checks);
        const outcome = maxSwitchesSearch(engine, k);
        const found = outcome.violations[0];
        if (within.length > 0) {
          expect(found).toBeDefined();
          expect(replay(engine, found!.path).length).toBe(Math.min(...within.map((p) => p.nodes.length)));
        } else if (found !== undefined) {
          // Only a behaviour longer than the brute force looked.
          expect(found.path.actions.length).toBeGreaterThan(10);
        }
        if (found !== undefined) {
          const trace = replay(engine, found.path);
          expect(switches(trace.slice(1).map((s) => Number((s.action as { actor: string }).actor.slice(1))))).toBe(found.switches);
          expect(found.switches).toBeLessThanOrEqual(k);
        }
      }),
      { numRuns: 150 },
    );
  });
});
