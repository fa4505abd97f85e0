/**
 * States nest containers at most MAX_NESTING (256) levels below the state (docs/values.md). Deeper ones are
 * IL302 at any depth: every walk over a value (fingerprint, codec, validation, trace formatting and diff, trace
 * files) refuses them before its recursion could exhaust the stack.
 */
import { describe, expect, it } from 'vitest';
import { check, InterleaveError } from 'interleave';
import deep, { nest } from '../fixtures/bad/deep-state';
import { MAX_NESTING } from '../../src/state/value-limits';
import { fingerprint, InvalidValue } from '../../src/state/fingerprint';
import { describeInvalid } from '../../src/state/describe-invalid';
import { StringTable, TopEntries, ValueReader, ValueWriter } from '../../src/state/value-codec';
import { formatValue } from '../../src/report/format-value';
import { diffStates } from '../../src/trace/diff';
import { stateTreeHtml } from '../../src/export/html-state';
import { fromItfValue, toItfValue } from '../../src/export/itf-value';
import { checkLiveness } from '../../src/liveness/check-liveness';
import type { AnyModel } from '../../src/model/types';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('deep states', () => {
  it('the limit: the deepest record 256 levels below the state is a state, 257 is IL302', () => {
    expect(MAX_NESTING).toBe(256);
    const ok = check(deep, { params: { depth: 255 } });
    expect([ok.verdict, ok.distinctStates]).toEqual(['ok', 2]);
    const over = check(deep, { params: { depth: 256 } });
    expect(over.verdict === 'error' && over.error.code).toBe('IL302');
  });

  for (const depth of [2_000, 20_000]) {
    for (const where of ['init', 'next'] as const) {
      it(`${depth} levels from ${where}(): IL302 naming the path, the action and the limit`, () => {
        const r = check(deep, { params: { depth, where } });
        expect(r.verdict).toBe('error');
        if (r.verdict !== 'error') return;
        expect(r.error.code).toBe('IL302');
        expect(r.error.message).toMatch(where === 'init' ? /init\(\) produced a state/ : /next\(\) for action \{"type":"Grow"\} produced a state/);
        expect(r.error.message).toMatch(/at \$\.v\.next\.next.*there is a value nested more than 256 levels deep/);
        expect(r.error.hint).toMatch(/at most 256 levels deep \(docs\/values\.md\)/);
      });
    }
  }

  it('the liveness graph: IL302 too', () => {
    const error = thrown(() => checkLiveness(deep as unknown as AnyModel, { depth: 20_000, where: 'next' }, { maxStates: 10, timeLimitMs: 60_000 }));
    expect(error instanceof InterleaveError && error.code).toBe('IL302');
  });

  it('every walk over a value 20,000 levels deep refuses it or stops at the limit, without a stack overflow', () => {
    const v = { v: nest(20_000) };
    expect(thrown(() => fingerprint(v))).toBeInstanceOf(InvalidValue);
    expect(describeInvalid(v)?.problem).toBe('a value nested more than 256 levels deep');
    // The codec refuses it, and writes the next value as if nothing had happened.
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    expect(thrown(() => w.value(v))).toBeInstanceOf(InvalidValue);
    expect(thrown(() => w.top(v))).toBeInstanceOf(InvalidValue);
    w.length = 0;
    const fine = { v: nest(255) };
    w.top(fine);
    const r = new ValueReader(table);
    r.load(w.bytes, 0, w.length);
    expect(fingerprint(r.top(new TopEntries()))).toBe(fingerprint(fine));
    expect(thrown(() => new ValueWriter(table, 16).top({ v: nest(256) }))).toBeInstanceOf(InvalidValue);
    // Formatting and diffs stop at the limit.
    expect(formatValue(v)).toMatch(/^\{ v: \{ next: \{ next: .*…/);
    expect(diffStates(v, { v: nest(20_001) })).toHaveLength(1);
    expect(diffStates(v, { v: nest(20_001) })[0]?.path).toMatch(/^\$(\.v)?(\.next)*$/);
    expect(stateTreeHtml(v, [])).toContain('…');
    // Trace files: reading refuses it (IL403), writing too (IL302).
    let json: unknown = 1;
    for (let i = 0; i < 20_000; i++) json = { a: json };
    const read = thrown(() => fromItfValue(json));
    expect(read instanceof InterleaveError && [read.code, read.message]).toEqual(['IL403', expect.stringMatching(/nested more than 256 levels deep/)]);
    const written = thrown(() => toItfValue(v));
    expect(written instanceof InterleaveError && written.code).toBe('IL302');
  });
});
