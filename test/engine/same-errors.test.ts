import { describe, expect, it } from 'vitest';
import { defineModel, eventually, InterleaveError, check } from 'interleave';
import { checkLiveness } from '../../src/liveness/check-liveness';
import { buildStateSpaceGraph } from '../../src/graph/state-space-graph';
import type { AnyModel } from '../../src/model/types';

type S = { readonly n: number; readonly log: number[] };
type A = { readonly type: 'Inc' };

/** A counter whose next() throws at n = 2 (or, with `mutate`, changes the state it was given there). */
function counter(fault: 'throw' | 'mutate'): AnyModel {
  return defineModel<S, A, Record<string, never>>({
    name: 'faulty-counter',
    params: {},
    init: () => [{ n: 0, log: [] }],
    actions: () => [{ type: 'Inc' }],
    next: (s) => {
      if (s.n === 2) {
        if (fault === 'throw') throw new RangeError('n is too large');
        s.log.push(s.n);
      }
      return s.n < 4 ? { n: s.n + 1, log: s.log } : undefined;
    },
    invariants: {},
    properties: { Done: eventually((s) => s.n === 4) },
    deadlock: false,
  }) as AnyModel;
}

function errorOf(f: () => unknown): InterleaveError {
  try {
    f();
  } catch (error) {
    if (error instanceof InterleaveError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('one engine, one error', () => {
  it('a throwing next() gives the same IL301 text in the safety search, the liveness graph and the graph export', () => {
    const model = counter('throw');
    const safety = check(model, { invariants: [] });
    expect(safety.verdict).toBe('error');
    if (safety.verdict !== 'error') return;
    expect(safety.trace.map((t) => (t.state as S).n)).toEqual([0, 1, 2]);
    const liveness = errorOf(() => checkLiveness(model, {}, { maxStates: 100, timeLimitMs: 10_000 }));
    const graph = errorOf(() => buildStateSpaceGraph(model, { maxStates: 100 }));
    expect(safety.error.code).toBe('IL301');
    expect(safety.error.message).toMatch(/^Model faulty-counter: next\(\) threw RangeError: n is too large \(at .*\) for action \{"type":"Inc"\} in the last state of the trace\.$/);
    expect(liveness.message).toBe(safety.error.message);
    expect(graph.message).toBe(safety.error.message);
    expect([liveness.code, graph.code]).toEqual(['IL301', 'IL301']);
  });

  it('a next() that changes its input is IL304 in every pass, the liveness graph included', () => {
    const model = counter('mutate');
    const safety = check(model, { invariants: [] });
    expect(safety.verdict === 'error' && safety.error.code).toBe('IL304');
    const liveness = errorOf(() => checkLiveness(model, {}, { maxStates: 100, timeLimitMs: 10_000 }));
    const graph = errorOf(() => buildStateSpaceGraph(model, { maxStates: 100 }));
    expect([liveness.code, graph.code]).toEqual(['IL304', 'IL304']);
    if (safety.verdict !== 'error') return;
    expect(liveness.message).toBe(safety.error.message);
    expect(graph.message).toBe(safety.error.message);
  });
});
