import { describe, expect, it } from 'vitest';
import { showTrace } from '../../src/export/show-trace';
import { toItf } from '../../src/export/itf';
import { viewTrace } from '../../src/graph/trace-view';
import { lasso, race, raceViolation, stutter } from '../graph/fixtures/traces';

function savedRace(): string {
  return toItf(viewTrace(raceViolation(), { model: race }));
}

function errorOf(f: () => unknown): { code?: string; action?: unknown } | undefined {
  try {
    f();
  } catch (error) {
    return error as { code?: string; action?: unknown };
  }
  return undefined;
}

const EXPECTED = [
  'counter-race: invariant NoLostUpdate violated after 4 steps',
  'params: tasks=2, atomic=false',
  'checked against the model counter-race: every step is a step of the model',
  '',
  'step   task1   task2',
  '   0   initial state',
  '         counter = 0',
  '         tmp = { task1: null, task2: null }',
  '         pc = {"task1" ↦ "read", "task2" ↦ "read"}',
  '         done = Set{}',
  '   1   read',
  '         tmp.task1: null → 0',
  '         pc.get("task1"): "read" → "write"',
  '   2           read',
  '                 tmp.task2: null → 0',
  '                 pc.get("task2"): "read" → "write"',
  '   3   write',
  '         counter: 0 → 1',
  '         pc.get("task1"): "write" → "done"',
  '         done: Set{} → {"task1"}',
  '   4           write',
  '                 pc.get("task2"): "write" → "done"',
  '                 done: {"task1"} → {"task1", "task2"}',
  '       ✗ invariant NoLostUpdate is false here',
  '',
].join('\n');

describe('showTrace', () => {
  it('prints a saved trace with lanes and diffs, after checking it against the model', () => {
    expect(showTrace(savedRace(), race)).toBe(EXPECTED);
  });

  it('prints a trace without a model from what the file records', () => {
    const text = showTrace(savedRace());
    expect(text).toBe(EXPECTED.replace('checked against the model counter-race: every step is a step of the model\n', ''));
  });

  it('rejects a trace whose step is not a step of the model, naming the step', () => {
    const json = JSON.parse(savedRace()) as { states: Array<Record<string, unknown>> };
    const tampered = structuredClone(json);
    (tampered.states[3] as { counter: number }).counter = 2;
    const e = errorOf(() => showTrace(JSON.stringify(tampered), race));
    expect(e?.code).toBe('IL403');
    expect(e?.action).toEqual({ type: 'write', actor: 'task1' });

    const wrongAction = structuredClone(json);
    ((wrongAction.states[2] as { '#meta': { action: unknown } })['#meta']).action = { type: 'write', actor: 'task2' };
    expect(errorOf(() => showTrace(JSON.stringify(wrongAction), race))).toMatchObject({ code: 'IL403', action: { type: 'write', actor: 'task2' } });

    const wrongStart = structuredClone(json);
    (wrongStart.states[0] as { counter: number }).counter = 5;
    const s = errorOf(() => showTrace(JSON.stringify(wrongStart), race));
    expect(s?.code).toBe('IL403');
    expect(s?.action).toBeUndefined();
  });

  it('validates with the params recorded in the file, which options may override', () => {
    const three = toItf(viewTrace(raceViolation(3), { model: race, params: { tasks: 3 } }));
    expect(showTrace(three, race).split('\n')[1]).toBe('params: tasks=3, atomic=false');
    // With two tasks the recorded initial state, which has three, is not an initial state.
    const e = errorOf(() => showTrace(three, race, { params: { tasks: 2 } }));
    expect(e?.code).toBe('IL403');
    expect(e?.action).toBeUndefined();
  });

  it('shows the loop of a lasso and the stutter of a stopped behaviour', () => {
    expect(showTrace(toItf(viewTrace(lasso())))).toBe(
      [
        'trace: liveness property EventuallyDone violated: a loop from step 1',
        '',
        'step   worker   reclaim',
        '   0   initial state',
        '         x = 0',
        '         seen = {0}',
        '   1   inc',
        '         x: 0 → 1',
        '         seen: {0} → {1}',
        '   2 ↻ inc',
        '         x: 1 → 2',
        '         seen: {1} → {2}',
        '   3 ↻          dec',
        '                  x: 2 → 1',
        '                  seen: {2} → {1}',
        '       ↻ the last state is the state of step 1: the loop repeats forever',
        '',
      ].join('\n'),
    );
    const lines = showTrace(toItf(viewTrace(stutter()))).trimEnd().split('\n');
    expect(lines[0]).toBe('trace: liveness property EventuallyDone violated: stutters forever at step 1');
    expect(lines[lines.length - 1]).toBe('       ↻ the behaviour stops here and stutters forever');
  });
});
