import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadModel } from '../../src/load/load-model';
import { simulate } from '../../src/search/simulate/simulate';
import { shrinkPath } from '../../src/search/simulate/shrink';
import { StepEngine } from '../../src/engine/step-engine';
import { simulationJson } from '../../src/report/simulation-json';
import { mergeReports, type SimulationReport } from '../../src/search/simulate/merge';
import { graphModel, type GraphSpec } from '../fixtures/graph-model';
import type { SimulateOptions, SimulateResult } from '../../src/search/simulate/types';
import type { AnyModel } from '../../src/model/types';

const ROOT = path.resolve(__dirname, '..', '..');
const base: SimulateOptions = { seed: 1, runs: 64, depth: 30, strategy: 'random', pctDepth: 3, workers: 1, shrink: true, continue: false };

/** A report without what depends on the clock. */
function timeless(r: SimulateResult | SimulationReport): unknown {
  const json = 'trace' in ((r.violations[0] as object | undefined) ?? {}) && !('merged' in r) ? simulationJson(r as SimulateResult) : r;
  return JSON.parse(JSON.stringify(json, (k, v: unknown) => (['durationMs', 'elapsedMs', 'reproduce', 'shard', 'merged', 'file'].includes(k) ? undefined : v)));
}

describe('simulate', () => {
  it('gives the same report for the same seed, with one thread or two', async () => {
    const file = path.join(ROOT, 'models/keycache/flush-coherency.ts');
    const model = loadModel(file, { typecheck: false });
    const options = { ...base, params: { variant: 'buggy', faults: false }, runs: 80, strategy: 'coverage' as const, file };
    const a = await simulate(model, options);
    const b = await simulate(model, options);
    const c = await simulate(model, { ...options, workers: 2 });
    expect(a.verdict).toBe('ok');
    expect(a.runs).toBe(80);
    expect(a.steps).toBe(2400);
    expect(timeless(b)).toEqual(timeless(a));
    expect(timeless(c)).toEqual(timeless(a));
    const other = await simulate(model, { ...options, seed: 2 });
    expect(other.coverage).not.toEqual(a.coverage);
  }, 120_000);

  it('finds a rare bug with PCT within a budget where uniform random does not', async () => {
    const model = loadModel(path.join(ROOT, 'test/fixtures/rare-race.ts'), { typecheck: false });
    const budget = { ...base, runs: 100, depth: 100 };
    const random = await simulate(model, budget);
    expect(random.verdict).toBe('ok');
    expect(random.runs).toBe(100);
    const pct = await simulate(model, { ...budget, strategy: 'pct' });
    expect(pct.verdict).toBe('violation');
    const v = pct.violations[0]!;
    expect(v.name).toBe('ObserverNeverSeesAllWork');
    expect(v.run).toBe(18);
    // Shrunk to all 16 steps of the worker, then the observer: one switch.
    expect(v.trace.slice(1).map((s) => s.action?.type)).toEqual([...Array(16).fill('work'), 'observe']);
    expect(v.switches).toBe(1);
  });

  it('reports reachable properties as witnessed or not, never as violated', async () => {
    const model = loadModel(path.join(ROOT, 'models/examples/lost-update.ts'), { typecheck: false });
    const r = await simulate(model, { ...base, params: { atomic: true }, runs: 3 });
    expect(r.verdict).toBe('ok');
    expect(r.reachable).toEqual({ AllDone: true });
    const none = await simulate(model, { ...base, params: { atomic: true }, runs: 1, depth: 1 });
    expect(none.reachable).toEqual({ AllDone: false });
    expect(none.violations).toEqual([]);
  });

  it('known limitation: temporal properties are listed as not checked; an unreachable state is never a violation', async () => {
    const model = loadModel(path.join(ROOT, 'models/alloc/replay-allocator-stuck.ts'), { typecheck: false });
    const r = await simulate(model, { ...base, params: { variant: 'lost-wakeup' }, runs: 5, continue: true });
    expect(r.notChecked).toEqual(['ReplayEventuallyCompletes']);
    expect(r.verdict).toBe('deadlock');
    expect(r.violations.map((v) => v.kind)).toEqual(['deadlock']);
  });
});

const graphs = fc.integer({ min: 2, max: 10 }).chain((size) =>
  fc.record({
    initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(fc.nat({ max: size - 1 }), { maxLength: 3 }), { minLength: size, maxLength: size }),
    bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
  }),
);

/** Whether `trace` is a behaviour of the graph: an initial node, then edges of the graph. */
function isBehaviour(spec: GraphSpec, nodes: readonly number[]): boolean {
  if (!spec.initial.includes(nodes[0] as number)) return false;
  for (let i = 1; i < nodes.length; i++) if (!(spec.edges[nodes[i - 1] as number] ?? []).includes(nodes[i] as number)) return false;
  return true;
}

describe('shrinking', () => {
  it('returns a behaviour that still violates, never longer than the run (random graphs)', async () => {
    await fc.assert(
      fc.asyncProperty(graphs, fc.nat(1000), async (spec, seed) => {
        const model = graphModel(spec) as AnyModel;
        const r = await simulate(model, { ...base, seed, runs: 8, depth: 12, continue: true });
        for (const v of r.violations) {
          const nodes = v.trace.map((s) => (s.state as { node: number }).node);
          expect(isBehaviour(spec, nodes)).toBe(true);
          expect(v.trace.length).toBeLessThanOrEqual(v.rawLength);
          const last = nodes[nodes.length - 1] as number;
          if (v.kind === 'invariant') expect(spec.bad).toContain(last);
          else expect(spec.edges[last] ?? []).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('leaves a path it cannot replay as it was', () => {
    const spec: GraphSpec = { initial: [0], edges: [[1], [2], []], bad: [2] };
    const engine = new StepEngine(graphModel(spec) as AnyModel, {}, { invariants: ['Good'], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
    expect(shrinkPath(engine, { kind: 'invariant', name: 'Good' }, { init: 0, actions: [0, 5] })).toEqual({ init: 0, actions: [0, 5] });
    expect(shrinkPath(engine, { kind: 'invariant', name: 'Good' }, { init: 0, actions: [0, 0] })).toEqual({ init: 0, actions: [0, 0] });
  });
});

describe('swarm, shards and merge', () => {
  it('two shards merged equal the unsharded swarm', async () => {
    const model = loadModel(path.join(ROOT, 'models/keycache/flush-coherency.ts'), { typecheck: false });
    const options = { ...base, params: { variant: 'buggy', faults: true }, runs: 40, swarm: 4, continue: true };
    const whole = await simulate(model, options);
    const one = await simulate(model, { ...options, shard: { index: 1, count: 2 } });
    const two = await simulate(model, { ...options, shard: { index: 2, count: 2 } });
    expect(one.configs.map((c) => c.index)).toEqual([0, 2]);
    expect(two.configs.map((c) => c.index)).toEqual([1, 3]);
    expect(whole.configs.map((c) => c.strategy)).toEqual(['random', 'pct', 'random', 'coverage']);
    const asReport = (r: SimulateResult): SimulationReport => JSON.parse(JSON.stringify(simulationJson(r))) as SimulationReport;
    const merged = mergeReports([
      { file: 'two.json', report: asReport(two) },
      { file: 'one.json', report: asReport(one) },
    ]);
    expect(timeless(merged)).toEqual(timeless(asReport(whole)));
    expect(merged.violations.length).toBe(14);
    expect(() => mergeReports([{ file: 'a', report: asReport(one) }, { file: 'b', report: asReport(one) }])).toThrow(/configuration 0 is also in a/);
  }, 120_000);
});
