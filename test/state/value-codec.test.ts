import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StringTable, ValueReader, ValueWriter } from '../../src/state/value-codec';
import { fingerprint } from '../../src/state/fingerprint';

function roundTrip(values: unknown[], table = new StringTable()): unknown[] {
  const w = new ValueWriter(table, 16);
  for (const v of values) w.value(v);
  const r = new ValueReader(table);
  r.load(w.bytes, 0, w.length);
  const out: unknown[] = [];
  while (!r.done) out.push(r.value());
  return out;
}

/** A description of a value that shows record key order and Set/Map insertion order. */
function ordered(v: unknown): unknown {
  if (v instanceof Set) return { set: [...v].map(ordered) };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [ordered(k), ordered(x)]) };
  if (Array.isArray(v)) return v.map(ordered);
  if (v !== null && typeof v === 'object') return { record: Object.keys(v).map((k) => [k, ordered((v as Record<string, unknown>)[k])]) };
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  return v;
}

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.integer({ min: -40, max: 260 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('x', 'y', '__proto__', '0', ''), fc.string()), tie('v'), { maxKeys: 4 }),
    fc.array(tie('v'), { maxLength: 4 }).map((xs) => new Set(xs)),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 4 }).map((xs) => new Map(xs)),
  ),
})).v;

describe('value codec', () => {
  it('round-trips values with key, Set and Map order, and equal fingerprints', () => {
    const table = new StringTable();
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (values) => {
        const back = roundTrip(values, table);
        expect(back.map(ordered)).toEqual(values.map(ordered));
        expect(back.map(fingerprint)).toEqual(values.map(fingerprint));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps "__proto__" a key, lone surrogates and -0 as 0', () => {
    const odd = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown;
    const [back, s, zero] = roundTrip([odd, '\ud800x\udfff', -0]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back as object)).toEqual(['__proto__', 'b']);
    expect(s).toBe('\ud800x\udfff');
    expect(Object.is(zero, 0)).toBe(true);
  });

  it('writes a record of a known shape as its shape number and values, and large records key by key', () => {
    const table = new StringTable();
    const w = new ValueWriter(table);
    w.value({ a: 1, b: 2, c: 3 });
    w.reset();
    w.value({ a: 4, b: 5, c: 6 });
    expect(w.length).toBe(3 + 3);
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i]));
    const nested = { '2': 'two', '1': { x: wide, ['__proto__']: [1] }, z: new Map([[{ a: 1 }, { a: 2 }]]) };
    const back = roundTrip([wide, nested, nested], table);
    expect(back.map(ordered)).toEqual([wide, nested, nested].map(ordered));
    expect(Object.keys(back[2] as object)).toEqual(['1', '2', 'z']);
  });

  it('writes repeated strings once into the table and keeps working once the table is full', () => {
    const table = new StringTable();
    const w = new ValueWriter(table);
    w.value({ status: 'committed' });
    const first = w.length;
    w.reset();
    w.value({ status: 'committed' });
    expect(w.length).toBeLessThan(first);
    const many = Array.from({ length: 70_000 }, (_, i) => `s${i}`);
    expect(roundTrip([many], table)).toEqual([many]);
    expect(table.strings.length).toBe(1 << 16);
  });
});
