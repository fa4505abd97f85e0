/**
 * The search with worker threads against the search on one thread: the same counts (distinct, generated, depth,
 * states per level, coverage), the same verdicts and the same shortest traces, for 2 and 3 workers.
 * `workerThreshold: 1` makes every level go to the threads, however small.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, defineModel, type CheckOptions, type CheckResult } from 'interleave';
import { loadModel } from '../../src/load/load-model';

const ROOT = path.resolve(__dirname, '..', '..');
const load = (file: string) => loadModel(path.join(ROOT, file), { typecheck: false });

/** Everything that must not depend on the number of workers (not timings). */
function summary(r: CheckResult) {
  return {
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.depth,
    statesPerDepth: r.statesPerDepth,
    coverage: r.coverage,
    reachable: r.reachable,
    violations: r.violations.map((v) => ({ kind: v.kind, name: v.name, trace: v.trace.map((s) => [s.action, s.state]) })),
    error: r.verdict === 'error' ? { ...r.error, trace: r.trace.map((s) => [s.action, s.state]) } : undefined,
    reason: r.verdict === 'incomplete' ? r.reason : r.verdict === 'violation' || r.verdict === 'deadlock' ? r.incomplete : undefined,
  };
}

function sameWithWorkers(model: ReturnType<typeof load>, options: CheckOptions = {}) {
  const one = summary(check(model, options));
  for (const workers of [2, 3]) {
    expect(summary(check(model, { ...options, workers, workerThreshold: 1 })), `${workers} workers`).toEqual(one);
  }
  return one;
}

describe('check with worker threads', () => {
  it('TwoPhase RM = 5: TLC counts, with any number of workers, and with the default threshold', () => {
    const model = load('models/conformance/two-phase.ts');
    const one = sameWithWorkers(model, { params: { rm: 5 } });
    expect([one.verdict, one.distinct, one.generated, one.depth]).toEqual(['ok', 8_832, 58_146, 17]);
    // Levels of TwoPhase RM = 5 stay below 2048 states: all of it on the calling thread.
    const small = check(model, { params: { rm: 5 }, workers: 2 });
    expect(summary(small)).toEqual(one);
    expect(small.search).toEqual({ strategy: 'parallel-bfs', workers: 1, symmetry: false });
    // Levels from 500 states on go to the threads: a search that switches over in the middle.
    const switched = check(model, { params: { rm: 5 }, workers: 2, workerThreshold: 500 });
    expect(summary(switched)).toEqual(one);
    expect(switched.search).toEqual({ strategy: 'parallel-bfs', workers: 2, symmetry: false });
  });

  it('Chameneos and AlternatingBit (a constraint): TLC counts', () => {
    const chameneos = sameWithWorkers(load('models/conformance/chameneos.ts'));
    expect([chameneos.distinct, chameneos.generated, chameneos.depth]).toEqual([34_534, 104_697, 13]);
    const bit = sameWithWorkers(load('models/conformance/alternating-bit.ts'));
    expect([bit.distinct, bit.generated, bit.depth]).toEqual([240, 1392, 10]);
  });

  it('violations: the first one stops where one thread stops; with continue, every one with its shortest trace', () => {
    const model = load('models/alloc/early-bucket-race.ts');
    const first = sameWithWorkers(model);
    expect([first.verdict, first.distinct, first.generated, first.depth]).toEqual(['violation', 40, 67, 5]);
    expect(first.violations.map((v) => v.name)).toEqual(['LockedKeyIsCurrent']);
    const all = sameWithWorkers(model, { continue: true });
    expect([all.verdict, all.distinct, all.generated, all.depth]).toEqual(['violation', 273, 565, 15]);
    const lost = sameWithWorkers(load('models/examples/lost-update.ts'), { params: { tasks: 3 }, continue: true });
    expect(lost.violations.map((v) => [v.name, v.trace.map(([a]) => (a as { type: string } | null)?.type ?? null)])).toEqual([
      ['NoLostUpdate', [null, 'Read', 'Write', 'Read', 'Read', 'Write', 'Write']],
    ]);
  });

  it('bounds: max states and max depth stop at the same state', () => {
    const model = load('models/conformance/two-phase.ts');
    const bounded = sameWithWorkers(model, { params: { rm: 4 }, maxStates: 1000 });
    expect([bounded.verdict, bounded.reason, bounded.distinct]).toEqual(['incomplete', 'max-states', 1000]);
    const shallow = sameWithWorkers(model, { params: { rm: 4 }, maxDepth: 6 });
    expect([shallow.verdict, shallow.reason, shallow.depth]).toEqual(['incomplete', 'max-depth', 6]);
  });

  it('a model that throws: the same error, at the same state, with the model error object rebuilt here', () => {
    const model = load('test/fixtures/param-graph-model.ts');
    const graph = JSON.stringify({ initial: [0], edges: [[1, 2], [3], [3, 4], [0], [2]], bad: [] });
    const r = sameWithWorkers(model, { params: { graph, throwAt: 4 } });
    expect(r.verdict).toBe('error');
    expect(r.error?.code).toBe('IL301');
    expect(r.error?.message).toContain('RangeError: no way to node 4');
  });

  it('needs a model loaded from its file (IL101), and a whole number of workers', () => {
    const inline = defineModel({ name: 'inline', params: {}, init: () => [0], actions: () => [], next: () => undefined, invariants: {}, deadlock: false });
    expect(() => check(inline, { workers: 2 })).toThrow(expect.objectContaining({ code: 'IL101' }));
    expect(check(inline, { workers: 1 }).verdict).toBe('ok');
    for (const workers of [0, 1.5, -2]) expect(() => check(inline, { workers })).toThrow(expect.objectContaining({ code: 'IL101' }));
  });
});

const graphs = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.record({
    initial: fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(fc.nat({ max: size - 1 }), { maxLength: 3 }), { minLength: size, maxLength: size }),
    bad: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
  }),
);

describe('worker threads on random transition systems', () => {
  it('give what one thread gives, with and without continue', () => {
    const model = load('test/fixtures/param-graph-model.ts');
    fc.assert(
      fc.property(graphs, fc.boolean(), fc.boolean(), (spec, cont, deadlock) => {
        const options = { params: { graph: JSON.stringify(spec), deadlock }, continue: cont };
        const one = summary(check(model, options));
        expect(summary(check(model, { ...options, workers: 2, workerThreshold: 1 }))).toEqual(one);
      }),
      { numRuns: 40 },
    );
  });
});
