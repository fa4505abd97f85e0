import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from 'interleave';
import { graphModel, type GraphSpec } from '../fixtures/graph-model';

/** Brute-force reference: plain BFS over node numbers, written without any of the checker's machinery. */
function reference(spec: GraphSpec) {
  const dist = new Map<number, number>();
  let frontier: number[] = [];
  let generated = 0;
  for (const n of spec.initial) {
    generated++;
    if (!dist.has(n)) {
      dist.set(n, 1);
      frontier.push(n);
    }
  }
  while (frontier.length) {
    const next: number[] = [];
    for (const n of frontier) {
      for (const m of spec.edges[n] ?? []) {
        generated++;
        if (!dist.has(m)) {
          dist.set(m, (dist.get(n) as number) + 1);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  const depths = [...dist.values()];
  const badDepths = [...dist].filter(([n]) => spec.bad.includes(n)).map(([, d]) => d);
  const deadDepths = [...dist].filter(([n]) => (spec.edges[n] ?? []).length === 0).map(([, d]) => d);
  return {
    distinct: dist.size,
    generated,
    depth: Math.max(...depths),
    shortestViolation: badDepths.length ? Math.min(...badDepths) : undefined,
    shallowestDeadlock: deadDepths.length ? Math.min(...deadDepths) : undefined,
  };
}

const graphs = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.record({
    initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(fc.nat({ max: size - 1 }), { maxLength: 3 }), { minLength: size, maxLength: size }),
    bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
  }),
);

describe('the checker against a brute-force reference on random transition systems', () => {
  it('agrees on distinct and generated states, depth, shortest violation and deadlocks', () => {
    fc.assert(
      fc.property(graphs, (spec) => {
        const ref = reference(spec);
        const all = check(graphModel(spec), { continue: true });
        expect(all.distinctStates).toBe(ref.distinct);
        expect(all.generatedStates).toBe(ref.generated);
        expect(all.depth).toBe(ref.depth);
        const inv = all.violations.find((v) => v.kind === 'invariant');
        expect(inv?.trace.length).toBe(ref.shortestViolation);
        const dead = all.violations.find((v) => v.kind === 'deadlock');
        expect(dead?.trace.length).toBe(ref.shallowestDeadlock);
        // Every trace is a real path of the graph from an initial node.
        for (const v of all.violations) {
          const nodes = v.trace.map((s) => (s.state as { node: number }).node);
          expect(spec.initial).toContain(nodes[0]);
          for (let i = 1; i < nodes.length; i++) expect(spec.edges[nodes[i - 1]!]).toContain(nodes[i]);
        }
        const first = check(graphModel(spec));
        const expectOk = ref.shortestViolation === undefined && ref.shallowestDeadlock === undefined;
        expect(first.verdict === 'ok').toBe(expectOk);
        expect(check(graphModel(spec, false), { continue: true }).verdict).toBe(ref.shortestViolation === undefined ? 'ok' : 'violation');
      }),
      { numRuns: 500 },
    );
  });
});
