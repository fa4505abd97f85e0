import { describe, expect, it } from 'vitest';
import { defineModel, InterleaveError } from 'interleave';
import lostUpdate from '../../models/examples/lost-update';
import { StepEngine } from '../../src/engine/step-engine';
import { asStored, replay } from '../../src/engine/replay';
import { resolveParams } from '../../src/model/resolve-params';
import type { AnyModel } from '../../src/model/types';

const checks = { invariants: ['NoLostUpdate'], actionInvariants: [], reachable: [], deadlock: false, symmetry: false };

function engineOf(model: AnyModel, params = {}) {
  return new StepEngine(model, resolveParams(model, params), { ...checks, invariants: Object.keys(model.invariants) });
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof InterleaveError) return e.code;
    throw e;
  }
  return undefined;
}

describe('StepEngine', () => {
  it('walks lost-update: successors with indices, actors and the invariant violated after the race', () => {
    const engine = engineOf(lostUpdate as AnyModel);
    const [init] = engine.initialStates();
    const first = engine.successors(init!.state);
    expect(first.map((s) => [s.index, s.action.type, s.actor, s.changed])).toEqual([
      [0, 'Read', 'task1', true],
      [2, 'Read', 'task2', true],
    ]);
    // Both read 0, both write 1: the counter ends at 1, not 2.
    const trace = replay(engine, { init: 0, actions: [0, 2, 1, 3] });
    expect(trace.map((s) => s.action?.type ?? null)).toEqual([null, 'Read', 'Read', 'Write', 'Write']);
    expect(engine.violatedInvariants(trace.at(-1)!.state)).toEqual(['NoLostUpdate']);
    expect(engine.isDeadlock(trace.at(-1)!.state, engine.successors(trace.at(-1)!.state).length)).toBe(false);
  });

  it('replay compares fingerprints with the recorded ones: IL303 naming the step', () => {
    const engine = engineOf(lostUpdate as AnyModel);
    const trace = replay(engine, { init: 0, actions: [0] });
    const fps = trace.map((s) => engine.fingerprint(s.state));
    expect(replay(engine, { init: 0, actions: [0] }, fps)).toHaveLength(2);
    let message = '';
    try {
      replay(engine, { init: 0, actions: [2] }, fps, trace.map((s) => s.state));
    } catch (e) {
      message = (e as Error).message;
      expect((e as InterleaveError).code).toBe('IL303');
    }
    expect(message).toContain('replaying step 1 (Read by task2)');
    // Both tasks differ whole (the array diff pairs no element of one with the other's).
    expect(message).toContain('it differs at $.tasks[0], $.tasks[1]');
  });

  it('refuses actions without a string type, states that are not values, and a next that changes its input', () => {
    const base = { name: 'bad', params: {}, init: () => [{ n: 0 }], invariants: {} };
    const noType = defineModel<{ n: number }, { type: string }, {}>({ ...base, actions: () => [{ kind: 'x' } as never], next: () => ({ n: 1 }) });
    expect(codeOf(() => engineOf(noType as AnyModel).successors({ n: 0 }))).toBe('IL301');
    const fn = defineModel<{ n: unknown }, { type: 'go' }, {}>({ ...base, actions: () => [{ type: 'go' }], next: () => ({ n: () => 1 }) });
    expect(codeOf(() => engineOf(fn as AnyModel).successors({ n: 0 }))).toBe('IL302');
    const mutating = defineModel<{ n: number }, { type: 'go' }, {}>({
      ...base,
      actions: () => [{ type: 'go' }],
      next: (s) => {
        (s as { n: number }).n++;
        return { n: 5 };
      },
    });
    expect(codeOf(() => engineOf(mutating as AnyModel).successors({ n: 0 }))).toBe('IL304');
  });
});

describe('asStored', () => {
  it('writes a 0 lane as the store keeps it (1), and leaves other lanes alone', () => {
    expect(asStored('00000000abcdef01')).toBe('00000001abcdef01');
    expect(asStored('abcdef0100000000')).toBe('abcdef0100000001');
    expect(asStored('0000000200000003')).toBe('0000000200000003');
  });
});
