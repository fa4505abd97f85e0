/**
 * Sets and Maps compare as values in a state: two elements (or Map keys) equal as values are an IL302 error
 * naming the path and the action, and setOf/addTo/removeFrom build Sets of records by value.
 */
import { describe, expect, it } from 'vitest';
import { addTo, check, hasValue, InterleaveError, removeFrom, setOf } from 'interleave';
import { fingerprint, InvalidValue, ParentMemo } from '../../src/state/fingerprint';
import { describeInvalid } from '../../src/state/describe-invalid';
import setOfRecords from '../fixtures/bad/set-of-records';
import { checkLiveness } from '../../src/liveness/check-liveness';
import type { AnyModel } from '../../src/model/types';

const ping = () => ({ kind: 'ping', from: 1 });

describe('Sets and Maps by value', () => {
  it('a Set or Map key holding two equal objects is no plain value; describeInvalid names where, with a hint', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ msgs: new Set([ping(), ping()]) }, '$.msgs', /a Set holding two elements equal as values \(elements 0 and 1: \{"kind":"ping","from":1\}\)/],
      [{ a: [{ s: new Set(['x', [1, 2], [1, 2]]) }] }, '$.a[0].s', /elements 1 and 2: \[1,2\]/],
      [new Set([new Set([1]), new Set([1])]), '$', /elements 0 and 1/],
      [{ m: new Map([[{ k: 1 }, 'a'], [{ k: 1 }, 'b']]) }, '$.m', /a Map holding two keys equal as values \(keys 0 and 1: \{"k":1\}\)/],
      // Order-independent equality: key order in records, insertion order in Sets.
      [new Set([{ a: 1, b: 2 }, { b: 2, a: 1 }]), '$', /elements 0 and 1/],
      [new Set(Array.from({ length: 40 }, (_, i) => ({ i: i % 39 }))), '$', /elements 0 and 39/],
    ];
    for (const [value, path, problem] of cases) {
      expect(() => fingerprint(value)).toThrow(InvalidValue);
      const found = describeInvalid(value);
      expect(found?.path).toBe(path);
      expect(found?.problem).toMatch(problem);
      expect(found?.hint).toMatch(/setOf|key the Map by strings/);
    }
  });

  it('distinct objects, and primitives, are fine in Sets and as Map keys', () => {
    expect(() => fingerprint(new Set([{ a: 1 }, { a: 2 }, [1], [1, 2], 'x', 1, null]))).not.toThrow();
    expect(() => fingerprint(new Set(Array.from({ length: 100 }, (_, i) => ({ i }))))).not.toThrow();
    expect(() => fingerprint(new Map([[{ k: 1 }, 1], [{ k: 2 }, 1]]))).not.toThrow();
  });

  it('the memo, relative to a parent, finds the duplicate too: in a top-level Set and in a nested one', () => {
    const memo = new ParentMemo();
    const parent = { msgs: new Set([ping()]), inner: { s: new Set([{ x: 1 }]) }, m: new Map([[{ k: 1 }, 1]]) };
    memo.remember(parent);
    const out = new Int32Array(2);
    expect(() => memo.fingerprintInto({ ...parent, msgs: new Set([...parent.msgs, ping()]) }, out)).toThrow(InvalidValue);
    expect(() => memo.fingerprintInto({ ...parent, inner: { s: new Set([...parent.inner.s, { x: 1 }]) } }, out)).toThrow(InvalidValue);
    expect(() => memo.fingerprintInto({ ...parent, m: new Map([...parent.m, [{ k: 1 }, 2]]) }, out)).toThrow(InvalidValue);
    // Two fresh members equal to each other, beside kept ones.
    expect(() => memo.fingerprintInto({ ...parent, msgs: new Set([...parent.msgs, { x: 2 }, { x: 2 }]) }, out)).toThrow(InvalidValue);
    // A fresh copy of a parent's member that the successor no longer holds is no duplicate.
    const three = { msgs: new Set([{ n: 1 }, { n: 2 }, { n: 3 }]) };
    memo.remember(three);
    const [m1, m2] = [...three.msgs];
    const replaced = { msgs: new Set([m1, m2, { n: 3 }]) };
    memo.fingerprintInto(replaced, out);
    expect([...out].map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('')).toBe(fingerprint(replaced));
    expect(() => memo.fingerprintInto({ msgs: new Set([m1, m2, { n: 2 }]) }, out)).toThrow(InvalidValue);
    memo.remember(parent);
    // A memo whose last successor threw still fingerprints the next one as fingerprintInto does.
    const fine = { ...parent, msgs: new Set([...parent.msgs, { kind: 'ping', from: 2 }]) };
    memo.fingerprintInto(fine, out);
    expect([...out].map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('')).toBe(fingerprint(fine));
  });

  it('setOf, addTo, hasValue and removeFrom keep one of equal values', () => {
    const s = setOf(ping(), ping(), { kind: 'ping', from: 2 });
    expect(s.size).toBe(2);
    expect(addTo(s, ping())).toBe(s);
    expect(addTo(s, { kind: 'ping', from: 3 }).size).toBe(3);
    expect(hasValue(s, ping())).toBe(true);
    expect([...removeFrom(s, ping())]).toEqual([{ kind: 'ping', from: 2 }]);
    expect(setOf<unknown>('a', 'a', 0, -0).size).toBe(2);
    expect(() => fingerprint({ s })).not.toThrow();
  });

  it('check: re-sending a record with a JS Set is IL302 at $.msgs naming Send; with addTo the search ends', () => {
    const r = check(setOfRecords);
    expect(r.verdict).toBe('error');
    if (r.verdict !== 'error') return;
    expect([r.error.code, r.error.path, r.error.action]).toEqual(['IL302', '$.msgs', { type: 'Send' }]);
    expect(r.error.message).toMatch(/next\(\) for action \{"type":"Send"\} produced a state .* at \$\.msgs there is a Set holding two elements equal as values/);
    expect(r.error.hint).toMatch(/setOf\(\.\.\.\) and addTo\(set, x\)/);
    expect(r.trace.map((t) => t.action?.type ?? null)).toEqual([null, 'Send']);
    const fixed = check(setOfRecords, { params: { byValue: true } });
    expect([fixed.verdict, fixed.distinctStates, fixed.generatedStates, fixed.depth]).toEqual(['ok', 3, 4, 3]);
  });

  it('the liveness graph reports the same IL302', () => {
    let error: unknown;
    try {
      checkLiveness(setOfRecords as unknown as AnyModel, { byValue: false }, { maxStates: 100, timeLimitMs: 60_000 });
    } catch (e) {
      error = e;
    }
    expect(error instanceof InterleaveError && [error.code, error.path, error.hint?.includes('setOf')]).toEqual(['IL302', '$.msgs', true]);
  });
});
