/**
 * The README's "Known limitations", each pinned: when one is lifted, its test here must change with it.
 */
import { describe, expect, it } from 'vitest';
import { check, createDevice, defineModel, deviceFromImage, eventually, withCrashes, write, type Device } from 'interleave';
import { fingerprint } from '../src/state/fingerprint';
import { produce } from 'immer';
import immerTwoPhase from '../models/conformance/two-phase-immer';

describe('known limitations', () => {
  it("check() on a model a program imported itself leaves immer's auto-freeze on: only the loader turns it off", () => {
    // A program's immer is its own to configure (setAutoFreeze(false) from 'immer'); loadModel and the CLI turn it
    // off in the copy a model file imports (test/load/immer-instances.test.ts).
    expect(check(immerTwoPhase, { params: { rm: 3 } }).distinctStates).toBe(288);
    expect(Object.isFrozen(produce({ a: 1 }, (d) => void (d.a = 2)))).toBe(true);
  });

  it('worker threads load the model from its file: a model built in code is checked on one thread only', () => {
    const inline = defineModel({ name: 'inline', params: {}, init: () => [0], actions: () => [], next: () => undefined, invariants: {}, deadlock: false });
    expect(() => check(inline, { workers: 2 })).toThrow(expect.objectContaining({ code: 'IL101' }));
    expect(check(inline).verdict).toBe('ok');
  });

  it('a next() that modifies the state it is given is caught only in the states hashed again (1 in 16 and the first 8)', () => {
    type S = { readonly n: number; readonly items: number[] };
    // A chain of states; at n = 11 (the twelfth state expanded, which is not hashed again) two actions lead on.
    const make = (mutate: boolean, at: number) =>
      defineModel<S, { type: 'Add'; k: number }, Record<string, never>>({
        name: mutate ? 'mutating' : 'copying',
        params: {},
        init: () => [{ n: 0, items: [] }],
        actions: () => [
          { type: 'Add', k: 1 },
          { type: 'Add', k: 2 },
        ],
        next: (s, a) => {
          if (s.n >= 13 || (s.n !== at && a.k === 2)) return undefined;
          if (s.n !== at || !mutate) return { n: s.n + 1, items: s.n === at ? [...s.items, a.k] : s.items };
          s.items.push(a.k);
          return { n: s.n + 1, items: s.items };
        },
        invariants: {},
        deadlock: false,
      });
    // Copying: n = 0..11 one state each, then two at n = 12 and two at n = 13.
    expect(check(make(false, 11)).distinctStates).toBe(16);
    // Modifying the first state expanded is caught (IL304).
    const first = check(make(true, 0));
    expect(first.verdict === 'error' && first.error.code).toBe('IL304');
    // So is modifying the fourth (the determinism check calls next again on the first 8 states). Modifying the
    // twelfth is not: both successors get the parent's hash of `items` from before the push, so they
    // count as one state, and no error says why.
    const fourth = check(make(true, 3));
    expect(fourth.verdict === 'error' && fourth.error.code).toBe('IL304');
    const twelfth = check(make(true, 11));
    expect([twelfth.verdict, twelfth.distinctStates]).toEqual(['ok', 14]);
  });

  it('Symbol keys are not part of a state value', () => {
    expect(fingerprint({ a: 1, [Symbol('hidden')]: 2 })).toBe(fingerprint({ a: 1 }));
  });

  it('with withCrashes, a state from which a crash is possible is not a deadlock', () => {
    // One write, then nothing: a deadlock without crashes.
    const base = defineModel<{ disk: Device; written: boolean }, { type: 'Write' }, {}>({
      name: 'one-write',
      params: {},
      init: () => [{ disk: createDevice(1, 0), written: false }],
      actions: () => [{ type: 'Write' }],
      next: (s) => (s.written ? undefined : { disk: write(s.disk, { id: 'w', sector: 0, data: [1] }), written: true }),
      invariants: {},
    });
    const model = withCrashes(base, {
      devices: (s) => ({ disk: s.disk }),
      recover: (images) => ({ disk: deviceFromImage(images.disk ?? []), written: true }),
    });
    const withCrash = check(model, { params: { maxCrashes: 1 } });
    const withoutCrash = check(model, { params: { maxCrashes: 0 } });
    expect(withoutCrash.verdict).toBe('deadlock');
    // The deadlock shows only in states where the crash budget is used up, so its trace is longer.
    expect(withCrash.violations.find((v) => v.kind === 'deadlock')?.trace.at(-1)?.action?.type).toBe('Crash');
  });

  it('liveness needs the whole state graph: with a bound, a property not shown violated is undecided', () => {
    const counter = defineModel({
      name: 'count-up',
      params: {},
      init: () => [{ n: 0 }],
      actions: () => [{ type: 'Inc' }],
      next: (s: { n: number }) => (s.n < 50 ? { n: s.n + 1 } : { n: 0 }),
      invariants: {},
      properties: { ReachesFifty: eventually((s: { n: number }) => s.n === 50) },
      fairness: () => [{ kind: 'weak' as const, actions: () => true }],
    });
    expect(check(counter).verdict).toBe('ok');
    const bounded = check(counter, { maxStates: 10 });
    expect(bounded.verdict).toBe('incomplete');
  });
});
