import { describe, expect, it } from 'vitest';
import { readItf, toItf } from '../../src/export/itf';
import { fromItfValue, toItfValue } from '../../src/export/itf-value';
import { viewTrace } from '../../src/graph/trace-view';
import { fingerprint } from '../../src/state/fingerprint';
import { lasso, race, raceViolation } from '../graph/fixtures/traces';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('ITF', () => {
  it('reads a written trace back into states equal to the originals, Sets and Maps included', () => {
    const v = raceViolation(3);
    const text = toItf(viewTrace(v, { model: race, params: { tasks: 3 } }));
    const back = readItf(text);
    expect(back.trace).toHaveLength(7);
    expect(back.trace.map((s) => s.state)).toEqual(v.trace.map((s) => s.state));
    expect(back.trace.map((s) => fingerprint(s.state))).toEqual(v.trace.map((s) => fingerprint(s.state)));
    expect(back.trace.map((s) => s.action)).toEqual(v.trace.map((s) => s.action));
    expect(back.trace[6]?.state).toMatchObject({ done: new Set(['task1', 'task2', 'task3']) });
    expect(back.actors).toEqual([undefined, 'task1', 'task1', 'task2', 'task3', 'task2', 'task3']);
    expect(back).toMatchObject({ model: 'counter-race', params: { tasks: 3, atomic: false }, kind: 'invariant', name: 'NoLostUpdate' });
    expect(back.loopStart).toBeUndefined();
  });

  it('writes the shape ITF readers expect', () => {
    const json = JSON.parse(toItf(viewTrace(raceViolation(), { model: race }))) as {
      '#meta': { format: string };
      vars: string[];
      states: Array<Record<string, unknown>>;
    };
    expect(json['#meta'].format).toBe('ITF');
    expect(json.vars).toEqual(['counter', 'tmp', 'pc', 'done']);
    expect(json.states[0]).toEqual({
      '#meta': { index: 0 },
      counter: 0,
      tmp: { task1: { '#unserializable': 'null' }, task2: { '#unserializable': 'null' } },
      pc: { '#map': [['task1', 'read'], ['task2', 'read']] },
      done: { '#set': [] },
    });
    expect(json.states[3]?.['#meta']).toEqual({ index: 3, action: { type: 'write', actor: 'task1' }, actor: 'task1' });
    expect(json.states[3]?.done).toEqual({ '#set': ['task1'] });
  });

  it('keeps the loop of a lasso', () => {
    const text = toItf(viewTrace(lasso()));
    expect(JSON.parse(text)).toMatchObject({ loop: 1 });
    const back = readItf(text);
    expect(back.loopStart).toBe(1);
    expect(back.kind).toBe('liveness');
    expect(back.trace.map((s) => s.state)).toEqual(lasso().trace.map((s) => s.state));
  });

  it('encodes values as ITF says and decodes them back', () => {
    const value = {
      big: 2 ** 60,
      neg: -(2 ** 55),
      safe: Number.MAX_SAFE_INTEGER,
      half: 0.5,
      nothing: null,
      list: [1, 'two', false],
      sets: new Set([new Set([1]), new Set<number>()]),
      byRecord: new Map<unknown, unknown>([
        [{ id: 1 }, 'a'],
        [7, new Map([['x', 1]])],
      ]),
      'odd key': 'v',
    };
    const encoded = toItfValue(value) as Record<string, unknown>;
    expect(encoded.big).toEqual({ '#bigint': '1152921504606846976' });
    expect(encoded.neg).toEqual({ '#bigint': '-36028797018963968' });
    expect(encoded.safe).toBe(9007199254740991);
    expect(encoded.sets).toEqual({ '#set': [{ '#set': [1] }, { '#set': [] }] });
    expect(encoded.byRecord).toEqual({ '#map': [[{ id: 1 }, 'a'], [7, { '#map': [['x', 1]] }]] });
    const decoded = fromItfValue(JSON.parse(JSON.stringify(encoded)));
    expect(decoded).toEqual(value);
    expect(fingerprint(decoded)).toBe(fingerprint(value));
    expect(fromItfValue({ '#tup': [1, 'a'] })).toEqual([1, 'a']);
  });

  it('wraps states that are not records in one variable', () => {
    const trace = [
      { action: null, state: [1, new Set(['a'])] },
      { action: { type: 'push' }, state: [1, new Set(['a', 'b'])] },
    ];
    const text = toItf(viewTrace({ trace }));
    expect(JSON.parse(text).vars).toEqual(['state']);
    expect(readItf(text).trace).toEqual(trace);
  });

  it('reads a foreign ITF trace without actions', () => {
    const text = JSON.stringify({
      '#meta': { format: 'ITF' },
      vars: ['x', 'pair'],
      states: [
        { '#meta': { index: 0 }, x: { '#bigint': '0' }, pair: { '#tup': [1, 2] } },
        { '#meta': { index: 1 }, x: { '#bigint': '1' }, pair: { '#tup': [2, 1] } },
      ],
    });
    const back = readItf(text);
    expect(back.trace).toEqual([
      { action: null, state: { x: 0, pair: [1, 2] } },
      { action: { type: 'step' }, state: { x: 1, pair: [2, 1] } },
    ]);
    expect(back.model).toBeUndefined();
  });

  it('rejects unusable files with IL403', () => {
    expect(codeOf(() => readItf('{ not json'))).toBe('IL403');
    expect(codeOf(() => readItf('{"vars": []}'))).toBe('IL403');
    expect(codeOf(() => readItf('{"states": [{"x": {"#bigint": "1.5"}}]}'))).toBe('IL403');
    expect(codeOf(() => readItf('{"states": [{"x": null}]}'))).toBe('IL403');
    expect(codeOf(() => readItf('{"states": [{"x": 1}], "loop": 3}'))).toBe('IL403');
    expect(codeOf(() => readItf('{"states": [{"x": 1}, {"#meta": {"action": {"kind": 2}}, "x": 2}]}'))).toBe('IL403');
  });
});
