import { describe, expect, test } from 'vitest';
import { check, defineModel, InterleaveError } from 'interleave';
import { eventually, leadsTo, weak } from '../../src/liveness/constructors';
import { complete, createDevice, deviceFromImage, flush, isCrashAction, submit, withCrashes, type Device } from '../../src/crash/index';

/** Writes a two-sector record (value and its copy) to `main`, logs a marker to `log`, then flushes both. */
interface S {
  readonly main: Device;
  readonly log: Device;
  readonly pc: number;
  readonly recoveries: number;
}
interface A {
  readonly type: 'WriteRecord' | 'RecordDone' | 'Log' | 'Flush';
}

const base = defineModel<S, A, { limit: number }>({
  name: 'two-devices',
  params: { limit: 10 },
  init: () => [{ main: createDevice(2), log: createDevice(1), pc: 0, recoveries: 0 }],
  actions: () => [{ type: 'WriteRecord' }, { type: 'RecordDone' }, { type: 'Log' }, { type: 'Flush' }],
  next(s, a) {
    if (a.type === 'WriteRecord' && s.pc === 0) return { ...s, main: submit(s.main, { id: 'rec', sector: 0, data: ['X', 'X'] }), pc: 1 };
    if (a.type === 'RecordDone' && s.pc === 1) return { ...s, main: complete(s.main, 'rec'), pc: 2 };
    if (a.type === 'Log' && s.pc === 2) return { ...s, log: submit(s.log, { id: 'mark', sector: 0, data: ['M'], fua: true }), pc: 3 };
    if (a.type === 'Flush' && s.pc === 3) return { ...s, main: flush(s.main), log: complete(s.log, 'mark'), pc: 4 };
    return undefined;
  },
  invariants: { PcInRange: (s, p) => s.pc <= p.limit },
  actionInvariants: { PcGrows: (from, _a, to) => to.pc === from.pc + 1 },
  reachable: { Finished: (s) => s.pc === 4 },
  terminal: (s) => s.pc === 4 || s.pc === -1,
  actor: () => 'writer',
});

const model = withCrashes(base, {
  devices: (s) => ({ main: s.main, log: s.log }),
  recover: (images, before) => ({
    main: deviceFromImage(images.main ?? []),
    log: deviceFromImage(images.log ?? []),
    pc: -1,
    recoveries: before.recoveries + 1,
  }),
  afterCrash: {
    NotTorn: (s) => s.main.sectors[0] === s.main.sectors[1],
    MarkImpliesRecord: (s) => s.log.sectors[0] !== 'M' || s.main.sectors[0] === 'X',
    CountsRecoveries: (s, _p, before) => s.recoveries === before.recoveries + 1,
  },
});

describe('withCrashes', () => {
  test('adds the maxCrashes and tornWrites params, and wraps the state', () => {
    expect(model.params).toEqual({ limit: 10, maxCrashes: 1, tornWrites: false });
    const [s0] = model.init(model.params);
    expect(s0).toEqual({ crashes: 0, state: { main: createDevice(2), log: createDevice(1), pc: 0, recoveries: 0 } });
  });

  test("keeps the model's allowed param values", () => {
    const limited = withCrashes(defineModel({ ...base, paramValues: { limit: [4, 10] } }), { devices: (s) => ({ main: s.main }), recover: (_images, before) => before });
    expect(limited.paramValues).toEqual({ limit: [4, 10] });
    expect(() => check(limited, { params: { limit: 5 } })).toThrow(/must be one of 4, 10/);
  });

  test('with several devices, crash steps name writes by device', () => {
    const r = check(model, { continue: true });
    expect(r.verdict).toBe('violation');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([9, 15, 5]);
    expect(r.coverage.Crash).toEqual({ enabled: 10, distinct: 4 });
    expect(r.reachable).toEqual({ Finished: true });
    expect(r.violations.map((v) => [v.kind, v.name])).toEqual([['action-invariant', 'MarkImpliesRecord']]);
    expect(r.violations[0]!.trace.map((s) => s.action)).toEqual([
      null,
      { type: 'WriteRecord' },
      { type: 'RecordDone' },
      { type: 'Log' },
      { type: 'Crash', actor: 'power', persisted: ['log:mark'], lost: ['main:rec'] },
    ]);
  });

  test('tornWrites lets each sector of a write land on its own', () => {
    const r = check(model, { continue: true, params: { tornWrites: true } });
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([13, 23, 5]);
    expect(r.coverage.Crash).toEqual({ enabled: 18, distinct: 8 });
    expect(r.violations.map((v) => [v.name, v.trace.map((s) => s.action)])).toEqual([
      ['NotTorn', [null, { type: 'WriteRecord' }, { type: 'Crash', actor: 'power', persisted: ['main:rec@0'], lost: ['main:rec@1'] }]],
      [
        'MarkImpliesRecord',
        [
          null,
          { type: 'WriteRecord' },
          { type: 'RecordDone' },
          { type: 'Log' },
          { type: 'Crash', actor: 'power', persisted: ['log:mark'], lost: ['main:rec@0', 'main:rec@1'] },
        ],
      ],
    ]);
  });

  test('the model\'s invariants apply to every state, its action invariants to its own steps only', () => {
    const r = check(model, { params: { limit: 2 } });
    expect(r.verdict).toBe('violation');
    expect(r.violations.map((v) => [v.kind, v.name, v.trace.length])).toEqual([['invariant', 'PcInRange', 4]]);
    const ok = check(model, { invariants: ['PcGrows', 'PcInRange', 'CountsRecoveries'], params: { maxCrashes: 3 } });
    expect(ok.verdict).toBe('ok');
    expect(ok.checked).toEqual(['PcInRange', 'PcGrows', 'CountsRecoveries']);
    expect([ok.distinctStates, ok.generatedStates, ok.depth]).toEqual([17, 23, 7]);
  });

  test('crash steps have the actor power; the model names the actor of its own steps', () => {
    const crash = { type: 'Crash', actor: 'power', persisted: [], lost: [] } as const;
    expect(isCrashAction(crash)).toBe(true);
    expect(isCrashAction({ type: 'Crash' })).toBe(false);
    expect(model.actor?.(crash, model.params)).toBe('power');
    expect(model.actor?.({ type: 'Log' }, model.params)).toBe('writer');
  });

  test('a crash action that the state does not offer is refused', () => {
    const [s0] = model.init(model.params);
    expect(() => model.next(s0!, { type: 'Crash', actor: 'power', persisted: ['main:rec'], lost: [] }, model.params)).toThrow(Error);
    expect(model.next({ crashes: 1, state: s0!.state }, { type: 'Crash', actor: 'power', persisted: [], lost: [] }, model.params)).toBeUndefined();
  });

  test('reserved param names and clashing property names are IL204', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof InterleaveError ? e.code : 'other';
      }
      return undefined;
    };
    const withParam = defineModel<S, A, { limit: number; maxCrashes: number }>({ ...base, params: { limit: 1, maxCrashes: 2 } });
    expect(codeOf(() => withCrashes(withParam, { devices: () => ({}), recover: (_i, s) => s }))).toBe('IL204');
    expect(codeOf(() => withCrashes(base, { devices: () => ({}), recover: (_i, s) => s, afterCrash: { PcGrows: () => true } }))).toBe('IL204');
  });

  test('liveness properties see the model state; fairness never selects a crash step', () => {
    const live = withCrashes(
      defineModel({
        ...base,
        properties: { Finishes: eventually<S, { limit: number }>((s) => s.pc === 4), Logs: leadsTo<S, { limit: number }>((s) => s.pc === 2, (s) => s.pc === 3) },
        fairness: () => [weak<A>(() => true)], // selects every action of the model
      }),
      { devices: (s) => ({ main: s.main }), recover: (_i, s) => s },
    );
    const [s0] = live.init(live.params);
    const done = { crashes: 1, state: { ...s0!.state, pc: 4 } };
    const finishes = live.properties?.Finishes;
    const logs = live.properties?.Logs;
    expect(finishes?.kind).toBe('eventually');
    expect(logs?.kind).toBe('leadsTo');
    if (finishes?.kind !== 'eventually' || logs?.kind !== 'leadsTo') return;
    expect([finishes.p(s0!, live.params), finishes.p(done, live.params)]).toEqual([false, true]);
    expect([logs.p(s0!, live.params), logs.q({ ...done, state: { ...done.state, pc: 3 } }, live.params)]).toEqual([false, true]);
    const [fair] = live.fairness?.(live.params) ?? [];
    expect(fair?.actions({ type: 'Log' })).toBe(true);
    expect(fair?.actions({ type: 'Crash', actor: 'power', persisted: [], lost: [] })).toBe(false);
  });
});
