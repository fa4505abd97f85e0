/**
 * The search with worker threads against the search on one thread, for 2 and 3 workers. A complete search
 * gives the same counts (distinct, generated, depth, states per level, successors per action type), the same
 * verdicts and violated properties, each with a trace of the same (shortest) length; which of several equally
 * short traces is found, which action first reached a state, and the counts of a search stopped at its first
 * violation depend on how the threads interleave. `workerThreshold: 1, workerDelay: 0` makes every level go to
 * the threads.
 */
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, defineModel, type CheckOptions, type CheckResult } from 'interleave';
import { loadModel } from '../../src/load/load-model';

const ROOT = path.resolve(__dirname, '..', '..');
const load = (file: string) => loadModel(path.join(ROOT, file), { typecheck: false });
type Loaded = ReturnType<typeof load>;

/** Everything that must not depend on the number of workers, in a search that ran to the end. */
function summary(r: CheckResult) {
  return {
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.depth,
    statesPerDepth: r.statesPerDepth,
    enabled: Object.fromEntries(Object.entries(r.coverage).map(([type, c]) => [type, c.enabled])),
    newStates: Object.values(r.coverage).reduce((n, c) => n + c.distinct, 0),
    reachable: r.reachable,
    // Violations found while expanding the same level may be listed in another order.
    violations: lengths(r).sort(),
    error: r.verdict === 'error' ? { code: r.error.code, message: r.error.message, traceLength: r.trace.length } : undefined,
    reason: r.verdict === 'incomplete' ? r.reason : r.verdict === 'violation' || r.verdict === 'deadlock' ? r.incomplete : undefined,
  };
}

/** Each violation's kind, property and trace length. */
function lengths(r: CheckResult): [string, string, number][] {
  return r.violations.map((v) => [v.kind, v.name, v.trace.length]);
}

function sameWithWorkers(model: Loaded, options: CheckOptions = {}) {
  const one = summary(check(model, options));
  for (const workers of [2, 3]) {
    expect(summary(check(model, { ...options, workers, workerThreshold: 1, workerDelay: 0 })), `${workers} workers`).toEqual(one);
  }
  return one;
}

/**
 * A search that stops at its first violation: with threads it reports one of the properties broken in the
 * level where one thread stops first, with a trace as short as the shortest for that property.
 */
function firstIsShortest(model: Loaded, options: CheckOptions = {}) {
  const all = new Map(lengths(check(model, { ...options, continue: true })).map(([kind, name, n]) => [`${kind} ${name}`, n]));
  const one = check(model, options);
  for (const workers of [2, 3]) {
    const r = check(model, { ...options, workers, workerThreshold: 1, workerDelay: 0 });
    const broken = (v: string) => (v === 'violation' || v === 'deadlock' ? 'broken' : v);
    expect(broken(r.verdict), `${workers} workers`).toBe(broken(one.verdict));
    expect(r.violations).toHaveLength(one.violations.length);
    for (const [kind, name, n] of lengths(r)) expect(n, `${kind} ${name}`).toBe(all.get(`${kind} ${name}`));
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
    expect(small.search).toEqual({ strategy: 'bfs', workers: 1, symmetry: false });
    // Levels from 500 states on go to the threads: a search that switches over in the middle.
    const switched = check(model, { params: { rm: 5 }, workers: 2, workerThreshold: 500, workerDelay: 0 });
    expect(summary(switched)).toEqual(one);
    expect(switched.search).toEqual({ strategy: 'parallel-bfs', workers: 2, symmetry: false });
  });

  it('Chameneos and AlternatingBit (a constraint): TLC counts', () => {
    const chameneos = sameWithWorkers(load('models/conformance/chameneos.ts'));
    expect([chameneos.distinct, chameneos.generated, chameneos.depth]).toEqual([34_534, 104_697, 13]);
    const bit = sameWithWorkers(load('models/conformance/alternating-bit.ts'));
    expect([bit.distinct, bit.generated, bit.depth]).toEqual([240, 1392, 10]);
  });

  it('violations: the first one with a shortest trace; with continue, every one with its shortest trace', () => {
    const model = load('models/alloc/early-bucket-race.ts');
    const first = firstIsShortest(model);
    expect([first.verdict, first.distinctStates, first.generatedStates, first.depth]).toEqual(['violation', 40, 67, 6]);
    expect(lengths(first)).toEqual([['invariant', 'LockedKeyIsCurrent', 6]]);
    const all = sameWithWorkers(model, { continue: true });
    expect([all.verdict, all.distinct, all.generated, all.depth]).toEqual(['violation', 273, 565, 15]);
    const lostModel = load('models/examples/lost-update.ts');
    const lost = sameWithWorkers(lostModel, { params: { tasks: 3 }, continue: true });
    expect(lost.violations).toEqual([['invariant', 'NoLostUpdate', 7]]);
    // Some shortest trace: three reads and three writes, ending in a state that breaks the invariant.
    const trace = check(lostModel, { params: { tasks: 3 }, workers: 2, workerThreshold: 1, workerDelay: 0 }).violations[0]?.trace ?? [];
    expect(trace.map((s) => s.action?.type ?? null).sort()).toEqual(['Read', 'Read', 'Read', 'Write', 'Write', 'Write', null]);
    const last = trace[trace.length - 1]?.state;
    expect(lostModel.invariants.NoLostUpdate?.(last, { ...lostModel.params, tasks: 3 })).toBe(false);
  });

  it('bounds: max states stops at that many states, max depth at the same level', () => {
    const model = load('models/conformance/two-phase.ts');
    for (const workers of [1, 2, 3]) {
      const bounded = check(model, { params: { rm: 4 }, maxStates: 1000, workers, workerThreshold: 1, workerDelay: 0 });
      expect([bounded.verdict, bounded.verdict === 'incomplete' && bounded.reason, bounded.distinctStates]).toEqual(['incomplete', 'max-states', 1000]);
    }
    const shallow = sameWithWorkers(model, { params: { rm: 4 }, maxDepth: 6 });
    expect([shallow.verdict, shallow.reason, shallow.depth]).toEqual(['incomplete', 'max-depth', 6]);
  });

  it('a model that throws: the same error, at the same state, with the model error object rebuilt here', () => {
    const model = load('test/fixtures/param-graph-model.ts');
    const graph = JSON.stringify({ initial: [0], edges: [[1, 2], [3], [3, 4], [0], [2]], bad: [] });
    const r = sameWithWorkers(model, { params: { graph, throwAt: 4 } });
    expect(r.verdict).toBe('error');
    expect(r.error?.traceLength).toBe(2);
    expect(r.error?.code).toBe('IL301');
    expect(r.error?.message).toContain('RangeError: no way to node 4');
  });

  it('a model that changes a state in place: IL304 naming the action, from a thread as from this one', () => {
    const r = sameWithWorkers(load('test/fixtures/bad/in-place.ts'));
    expect([r.verdict, r.error?.code, r.error?.traceLength]).toEqual(['error', 'IL304', 1]);
    expect(r.error?.message).toContain('next() for action {"type":"Mark"} changed the state it was given');
  });

  it('symmetry reduction and the memory budget apply with threads too', () => {
    const flags = load('test/fixtures/symmetric-flags.ts');
    const reduced = sameWithWorkers(flags);
    expect([reduced.distinct, reduced.depth]).toEqual([5, 5]);
    expect(sameWithWorkers(flags, { symmetry: false }).distinct).toBe(16);
    const twoPhase = load('models/conformance/two-phase.ts');
    const free = summary(check(twoPhase, { params: { rm: 5 } }));
    const tight = check(twoPhase, { params: { rm: 5 }, workers: 2, workerThreshold: 1, workerDelay: 0, memoryMb: 1 / 64 });
    expect(summary(tight)).toEqual(free);
    expect(tight.spilledBytes).toBeGreaterThan(0);
    expect(tight.search).toEqual({ strategy: 'parallel-bfs', workers: 2, symmetry: false });
  });

  it('the calling thread expands a share of every level it hands out, beside workers - 1 threads', () => {
    const model = load('test/fixtures/thread-tally.ts');
    const tally = (globalThis as { threadTally?: { main: number } }).threadTally as { main: number };
    tally.main = 0;
    const alone = check(model, {});
    expect([alone.distinctStates, alone.generatedStates, alone.depth]).toEqual([16384, 32513, 255]);
    // Two actions per state, plus the determinism check's two more calls of each on the first 8 states
    // expanded and one in 8192 after (2): (8 + 2) * 2 * 2 = 40.
    expect(tally.main).toBe(32768 + 40);
    for (const workers of [2, 3]) {
      tally.main = 0;
      const shared = check(model, { workers, workerThreshold: 1, workerDelay: 0 });
      expect([shared.distinctStates, shared.generatedStates, shared.depth]).toEqual([16384, 32513, 255]);
      expect(shared.search).toEqual({ strategy: 'parallel-bfs', workers, symmetry: false });
      // It keeps its share of the first level and its own successors, less what it gives to threads that run out.
      expect(tally.main).toBeGreaterThan(32768 / 10);
      expect(tally.main).toBeLessThan(32768);
    }
  });

  it('moves states between threads without detaching a buffer, which would slow every typed-array read after', () => {
    // V8 reports a protector it gives up; the first buffer a thread detaches costs it "ArrayBufferDetaching".
    const script = `
      const { check } = require('./dist/src/index.js');
      const { loadModel } = require('./dist/src/load/load-model.js');
      const model = loadModel('models/conformance/two-phase.ts', { typecheck: false });
      const r = check(model, { params: { rm: 5 }, workers: 2, workerThreshold: 1, workerDelay: 0 });
      console.log(JSON.stringify([r.distinctStates, r.search]));`;
    const traced = (code: string): string => execFileSync(process.execPath, ['--trace-protector-invalidation', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    // The trace does name that protector when a buffer is detached.
    expect(traced('const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] });')).toContain('ArrayBufferDetaching');
    const out = traced(script);
    expect(out).toContain('[8832,{"strategy":"parallel-bfs","workers":2,"symmetry":false}]');
    expect(out).not.toContain('ArrayBufferDetaching');
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
  it('give what one thread gives (with continue), and a shortest first violation (without)', () => {
    const model = load('test/fixtures/param-graph-model.ts');
    fc.assert(
      fc.property(graphs, fc.boolean(), (spec, deadlock) => {
        const options = { params: { graph: JSON.stringify(spec), deadlock } };
        const one = summary(check(model, { ...options, continue: true }));
        expect(summary(check(model, { ...options, continue: true, workers: 2, workerThreshold: 1, workerDelay: 0 }))).toEqual(one);
        firstIsShortest(model, options);
      }),
      { numRuns: 40 },
    );
  });
});
