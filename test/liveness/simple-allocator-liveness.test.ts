import { describe, expect, test } from 'vitest';
import model from '../../models/conformance/simple-allocator-liveness';
import { checkLiveness, type LivenessOutcome } from '../../src/liveness/check-liveness';
import type { AnyModel } from '../../src/model/types';

const run = (fairness: string): LivenessOutcome =>
  checkLiveness(model as unknown as AnyModel, { fairness }, { maxStates: Infinity, timeLimitMs: Infinity });

function statuses(out: LivenessOutcome): Record<string, string> {
  return Object.fromEntries(out.properties.map((p) => [p.name, p.status]));
}

/** A lasso as `Type(client,resources)` steps and its loop start. */
function lasso(out: LivenessOutcome, name: string): string {
  const v = out.properties.find((p) => p.name === name)?.violation;
  if (v === undefined) return 'none';
  const steps = v.trace.slice(1).map((t) => {
    const a = t.action as { type: string; actor: string; S: string[] };
    return `${a.type}(${a.actor},${a.S.join('')})`;
  });
  return `${steps.join(' ')} | ${String(v.loopStart)}`;
}

const CLIENTS = ['c1', 'c2', 'c3'];
const RESOURCES = ['r1', 'r2'];
const names = {
  returns: CLIENTS.map((c) => `ClientsWillReturn[${c}]`),
  obtains: CLIENTS.flatMap((c) => RESOURCES.map((r) => `ClientsWillObtain[${c},${r}]`)),
  satisfied: CLIENTS.map((c) => `InfOftenSatisfied[${c}]`),
};
const all = (list: string[], status: string) => Object.fromEntries(list.map((n) => [n, status]));

describe('SimpleAllocator (tlaplus/Examples) with its fairness', () => {
  test('explores the state graph TLC reports: 400 distinct states, 1633 generated, depth 6', () => {
    const out = run('SimpleAllocator');
    expect(out.stats).toMatchObject({ states: 400, generatedStates: 1633, depth: 6, edges: 1632, bytesPerEdge: 12 });
    expect(out.fairness).toHaveLength(6);
  });

  test('SimpleAllocator: every property holds (THEOREMs of the module)', () => {
    expect(statuses(run('SimpleAllocator'))).toEqual({ ...all(names.returns, 'holds'), ...all(names.obtains, 'holds'), ...all(names.satisfied, 'holds') });
  });

  test('SimpleAllocator2: ClientsWillReturn holds, ClientsWillObtain and InfOftenSatisfied do not', () => {
    const out = run('SimpleAllocator2');
    expect(statuses(out)).toEqual({ ...all(names.returns, 'holds'), ...all(names.obtains, 'violated'), ...all(names.satisfied, 'violated') });
    // Two clients each hold one resource while waiting for the other: neither must return, neither can obtain.
    expect(lasso(out, 'InfOftenSatisfied[c1]')).toBe('Request(c1,r1r2) Allocate(c1,r1) Request(c2,r1r2) Allocate(c2,r2) | 4');
    expect(lasso(out, 'ClientsWillObtain[c1,r1]')).toBe('Request(c1,r1r2) Allocate(c1,r2) Request(c2,r1r2) Allocate(c2,r1) | 4');
  });

  test('without fairness no property holds: a behaviour may stop anywhere', () => {
    const out = run('none');
    expect(statuses(out)).toEqual({ ...all(names.returns, 'violated'), ...all(names.obtains, 'violated'), ...all(names.satisfied, 'violated') });
    expect(lasso(out, 'ClientsWillReturn[c1]')).toBe('Request(c1,r1) Allocate(c1,r1) | 2');
    expect(lasso(out, 'ClientsWillObtain[c2,r2]')).toBe('Request(c2,r2) | 1');
    expect(out.stats.bytesPerEdge).toBe(8);
  });
});
