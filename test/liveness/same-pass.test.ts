/**
 * Temporal properties are decided on the state graph the safety search records as it expands states (see
 * src/liveness/README.md): one exploration, on any number of threads. Counts are those `check` measured.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, defineModel, eventually, weak, type CheckResult } from 'interleave';
import { loadModel } from '../../src/load/load-model';
import symmetricFlags from '../fixtures/symmetric-flags';

const ROOT = path.resolve(__dirname, '..', '..');
const load = (file: string) => loadModel(path.join(ROOT, file), { typecheck: false });

/** What must not depend on the number of threads: verdicts, counts, and each lasso's actions and loop start. */
function lassos(r: CheckResult) {
  return {
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    graph: r.liveness === undefined ? undefined : [r.liveness.states, r.liveness.edges],
    violations: r.violations.map((v) => [v.kind, v.name, v.trace.map((t) => t.action?.type ?? null), v.loopStart]),
  };
}

describe('liveness in the same pass as the safety search', () => {
  it('replay-allocator-stuck lost-wakeup: the same verdicts, graph and lassos with 2 worker threads as with 1', () => {
    const model = load('models/alloc/replay-allocator-stuck.ts');
    const params = { variant: 'lost-wakeup' };
    const one = check(model, { params, continue: true });
    const two = check(model, { params, continue: true, workers: 2, workerThreshold: 1, workerDelay: 0 });
    expect(two.search).toEqual({ strategy: 'parallel-bfs', workers: 2, symmetry: false });
    expect(lassos(one)).toEqual({
      verdict: 'violation',
      distinct: 1724,
      generated: one.generatedStates,
      graph: [1724, one.liveness?.edges],
      violations: [
        ['deadlock', 'Deadlock', one.violations[0]?.trace.map((t) => t.action?.type ?? null), undefined],
        ['liveness', 'ReplayEventuallyCompletes', [null, 'reserve_get', 'closure_wait', 'journal_flush', 'discard_bucket', 'journal_flush', 'add_device', 'wait_wakeup'], 7],
      ],
    });
    // The deadlock's trace is one of several equally short ones with threads: compare lengths there.
    const shape = (r: CheckResult) => ({ ...lassos(r), violations: lassos(r).violations.slice(1) });
    expect(shape(two)).toEqual(shape(one));
    expect(two.violations[0]?.trace.length).toBe(one.violations[0]?.trace.length);
  });

  it('AsyncTerminationDetection: Live holds with 2 worker threads too, on the 4097 states TLC reports', () => {
    const model = load('models/conformance/async-termination-detection.ts');
    const two = check(model, { workers: 2, workerThreshold: 1, workerDelay: 0 });
    expect(two.search.workers).toBe(2);
    expect([two.verdict, two.distinctStates, two.generatedStates, two.depth]).toEqual(['ok', 4097, 53271, 14]);
    expect(two.checked).toContain('Live');
    expect([two.liveness?.states, two.liveness?.edges]).toEqual([4097, check(model).liveness?.edges]);
  });

  it('explores the state graph once: next() is called as often as in the search without properties', () => {
    let calls = 0;
    const counted = defineModel({
      name: 'counted-ring',
      params: { n: 40 },
      init: () => [0],
      actions: () => [{ type: 'step' as const }, { type: 'skip' as const }],
      next: (s: number, a: { type: 'step' | 'skip' }, p: { n: number }) => {
        calls++;
        return a.type === 'step' ? (s + 1) % p.n : (s + 2) % p.n;
      },
      invariants: { Small: (s: number) => s < 40 },
      // A step from an even state reaches an odd one, and weak fairness makes steps happen.
      properties: { BecomesOdd: eventually((s: number) => s % 2 === 1) },
      fairness: () => [weak('step')],
    });
    const safety = check(counted, { invariants: ['Small'] });
    const safetyCalls = calls;
    calls = 0;
    const both = check(counted);
    expect([safety.verdict, both.verdict, safety.distinctStates, both.distinctStates]).toEqual(['ok', 'ok', 40, 40]);
    expect(both.checked).toEqual(['Small', 'BecomesOdd']);
    expect(calls).toBe(safetyCalls);
    expect(both.liveness).toMatchObject({ states: 40, edges: 80, generatedStates: both.generatedStates, bytesPerEdge: 12, bytesPerState: 13 });
  });

  it('a search stopped by a bound never says a property holds; a lasso inside the explored part is still real', () => {
    const model = load('models/conformance/async-termination-detection.ts');
    const bounded = check(model, { maxStates: 1000 });
    expect(bounded.verdict === 'incomplete' && bounded.reason).toBe('max-states');
    expect(bounded.checked).toContain('Live');
    expect(bounded.liveness?.states).toBe(1000);
    const shallow = check(model, { maxDepth: 5 });
    expect(shallow.verdict === 'incomplete' && shallow.reason).toBe('max-depth');
    const stuck = defineModel({
      name: 'stuck-counter',
      params: {},
      init: () => [0],
      actions: () => [{ type: 'inc' as const }],
      next: (s: number) => s + 1,
      invariants: {},
      properties: { Negative: eventually((s: number) => s < 0) },
    });
    const r = check(stuck, { maxStates: 50 });
    expect(r.verdict).toBe('violation');
    expect(r.verdict === 'violation' && r.incomplete).toBe('max-states');
    // With no fairness, the behaviour may stutter in its first state for ever.
    expect(r.violations.map((v) => [v.name, v.trace.length, v.loopStart])).toEqual([['Negative', 1, 0]]);
  });

  it('a property predicate that throws is IL301 naming the property, with the trace to the state it was given', () => {
    const throwing = defineModel({
      name: 'throwing-label',
      params: {},
      init: () => [0],
      actions: () => [{ type: 'inc' as const }],
      next: (s: number) => (s < 4 ? s + 1 : undefined),
      invariants: {},
      properties: {
        Done: eventually((s: number) => {
          if (s === 2) throw new RangeError('no label for 2');
          return s === 4;
        }),
      },
      deadlock: false,
    });
    const r = check(throwing);
    expect(r.verdict === 'error' && [r.error.code, r.trace.map((t) => t.state)]).toEqual(['IL301', [0, 1, 2]]);
    expect(r.verdict === 'error' && r.error.message).toMatch(/^Model throwing-label: property "Done" threw RangeError: no label for 2 .* in the last state of the trace\.$/);
  });

  it('with a symmetry hook, temporal properties are checked on every state, the hook unused, with a warning', () => {
    const flags = defineModel({
      ...symmetricFlags,
      properties: { AllRaised: eventually((s: { flags: readonly boolean[] }) => s.flags.every(Boolean)) },
      fairness: () => [weak('Raise')],
    });
    const r = check(flags);
    expect([r.verdict, r.distinctStates, r.search.symmetry]).toEqual(['ok', 16, false]);
    expect(r.warnings).toEqual([expect.stringMatching(/^Temporal properties were checked, so the search recorded the whole state graph without the model's symmetry hook/)]);
    const safety = check(flags, { invariants: [] });
    expect([safety.verdict, safety.distinctStates, safety.search.symmetry, safety.warnings]).toEqual(['ok', 5, true, undefined]);
  });
});
