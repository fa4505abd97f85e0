import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { internalized, StringTable, TopEntries, ValueReader, ValueWriter } from '../../src/state/value-codec';
import { isInternalized } from '../support/internalized';
import { fingerprint } from '../../src/state/fingerprint';
import { setOf } from '../../src/state/set-of';

const sameValue = (a: unknown, b: unknown): boolean => (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null ? fingerprint(a) === fingerprint(b) : Object.is(a, b) || (a === 0 && b === 0));

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

/** As `ordered`, with a record's keys sorted: states are read back in one key order per set of keys. */
function unordered(v: unknown): unknown {
  if (v instanceof Set) return { set: [...v].map(unordered) };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [unordered(k), unordered(x)]) };
  if (Array.isArray(v)) return v.map(unordered);
  if (v !== null && typeof v === 'object') return { record: Object.keys(v).sort().map((k) => [k, unordered((v as Record<string, unknown>)[k])]) };
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
    // Sets and Map keys by value (equal objects in one are no plain value).
    fc.array(tie('v'), { maxLength: 4 }).map((xs) => setOf(...xs)),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 4 }).map((xs) => new Map(xs.filter(([k], i) => xs.findIndex(([j]) => sameValue(j, k)) === i))),
  ),
})).v;

const key = fc.oneof(fc.constantFrom('x', 'y', '__proto__', '0', '7', ''), fc.string({ maxLength: 3 }));

describe('value codec', () => {
  it("reads strings up to 64 characters as V8's one copy of their text, whether by the table or written out", () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    const long = 'y'.repeat(65);
    // The first 'working' is written out and enters the table; the second is a reference to it.
    w.value(['working', 'working', long, '', 'caf\u00e9 \u{1f600}']);
    // Read over a table taken from elsewhere, whose strings are built anew (as a port delivers them).
    const fresh = StringTable.of(table.strings.map((s) => [...s].join('')), table.shapes);
    const r = new ValueReader(fresh);
    r.load(w.bytes.slice(0, w.length), 0, w.length);
    const written = r.value() as string[];
    expect(written).toEqual(['working', 'working', long, '', 'caf\u00e9 \u{1f600}']);
    expect(written.map(isInternalized)).toEqual([true, true, false, true, true]);
    // That table holds internalized copies.
    expect([...'working'].join('')).toBe('working');
    expect(isInternalized([...'working'].join(''))).toBe(false);
    expect(fresh.strings.every(isInternalized)).toBe(true);
    expect(fresh.strings).toEqual(table.strings);
  });

  it('tables of one thread share the function that builds records of a shape, which builds them with its keys in order', () => {
    const shapes = [['rmState', 'tmState'], ['tmState', 'rmState'], ['__proto__', 'x']];
    const a = StringTable.of([], shapes);
    const b = StringTable.of([], shapes.map((keys) => [...keys]));
    expect(b.factory(0)).toBe(a.factory(0));
    expect(b.valuesFactory(2)).toBe(a.valuesFactory(2));
    expect(a.factory(1)).not.toBe(a.factory(0));
    expect(a.valuesFactory(0)).not.toBe(a.valuesFactory(1));
    const made = a.valuesFactory(2)([1, 2]);
    expect(Object.keys(made)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(Object.keys(b.valuesFactory(1)([1, 2]))).toEqual(['tmState', 'rmState']);
  });

  it('internalized gives back the same text for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', '0', '12', '4294967295', '-1', 'constructor')), (s) => {
        expect(internalized(s)).toBe(s);
      }),
    );
  });

  it('writes a successor like the record read last, copying the entries it keeps, and reads it back', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), value, fc.nat(), (parent, other, pick) => {
        const table = new StringTable();
        const w = new ValueWriter(table, 16);
        w.top(parent);
        const r = new ValueReader(table);
        r.load(w.bytes.slice(0, w.length), 0, w.length);
        const top = new TopEntries();
        const decoded = r.top(top) as Record<string, unknown>;
        expect(ordered(decoded)).toEqual(ordered(parent));
        const keys = Object.keys(decoded);
        const k = keys[pick % keys.length] as string;
        const { [k]: _dropped, ...without } = decoded;
        // A record rebuilt with its keys in another order, as a plainly written model does, keeps the parent's entries.
        const reordered = Object.fromEntries(Object.entries({ ...decoded, [k]: other }).reverse());
        const successors: unknown[] = [decoded, { ...decoded, [k]: other }, { ...decoded, added: other }, without, reordered, [decoded], new Set([decoded]), other];
        const w2 = new ValueWriter(table, 16);
        for (const succ of successors) w2.top(succ, top);
        // Read back as states (finding entries decoded before) and as plain values.
        const r2 = new ValueReader(table);
        r2.load(w2.bytes, 0, w2.length);
        const top2 = new TopEntries();
        for (const succ of successors) expect(unordered(r2.top(top2))).toEqual(unordered(succ));
        expect(r2.done).toBe(true);
        const r3 = new ValueReader(table);
        r3.load(w2.bytes, 0, w2.length);
        for (const succ of successors) expect(unordered(r3.value())).toEqual(unordered(succ));
        expect(r3.done).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('copies a kept entry as it was written: a string written out the first time stays written out', () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    w.top({ a: 'a string of some length' });
    const r = new ValueReader(table);
    r.load(w.bytes.slice(0, w.length), 0, w.length);
    const top = new TopEntries();
    const parent = r.top(top) as Record<string, unknown>;
    const fresh = new ValueWriter(table, 16);
    fresh.top({ ...parent });
    const copied = new ValueWriter(table, 16);
    copied.top({ ...parent }, top);
    // Encoded afresh the string is a reference into the table; copied, it is the parent's bytes.
    expect(copied.length).toBe(w.length);
    expect(fresh.length).toBeLessThan(copied.length);
  });

  it('gives equal container entries of states read one after another the same object, and the entry a slot', () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    const procs = { p1: 'idle', p2: 'busy' };
    const long = Array.from({ length: 200 }, (_, i) => i);
    // The first time a string is met it is written out, later as a reference into the table: the states that
    // are compared come after one that holds the same strings.
    w.top({ procs, n: 0, log: new Set(['a', 'b']), long });
    w.top({ procs, n: 1, log: new Set(['a']), long });
    w.top({ procs: { ...procs }, n: 2, log: new Set(['a', 'b']), long: [...long] });
    w.top({ log: new Set(['a']), procs: { ...procs }, n: 3, long });
    const r = new ValueReader(table);
    r.load(w.bytes, 0, w.length);
    const top = new TopEntries();
    r.top(top);
    const first = r.top(top) as Record<string, unknown>;
    expect([...top.slots.subarray(0, 4)].map((s) => s >= 0)).toEqual([true, false, true, false]);
    const second = r.top(top) as Record<string, unknown>;
    // Same bytes at the same position: the value decoded before; different bytes, or too long to keep: decoded.
    expect(second.procs).toBe(first.procs);
    expect(second.log).not.toBe(first.log);
    expect(second.long).not.toBe(first.long);
    expect(second.long).toEqual(first.long);
    const third = r.top(top) as Record<string, unknown>;
    // Written with its keys in the order first met for them (procs, n, log, long), `log` is at position 2 again:
    // the same bytes at the same position, the value decoded then.
    expect(third.log).toBe(first.log);
    expect(Object.keys(third)).toEqual(['procs', 'n', 'log', 'long']);
    expect(ordered(third)).toEqual(ordered({ procs, n: 3, log: new Set(['a']), long }));
    expect(r.done).toBe(true);
  });

  it('copies a kept entry from another place of the parent when the successor has its keys in another order', () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    w.top({ a: 'a string of some length', b: 1 });
    const r = new ValueReader(table);
    r.load(w.bytes.slice(0, w.length), 0, w.length);
    const top = new TopEntries();
    const parent = r.top(top) as Record<string, unknown>;
    const fresh = new ValueWriter(table, 16);
    fresh.top({ b: 2, a: parent.a });
    const copied = new ValueWriter(table, 16);
    copied.top({ b: 2, a: parent.a }, top);
    expect(fresh.length).toBeLessThan(copied.length);
    const back = new ValueReader(table);
    back.load(copied.bytes, 0, copied.length);
    // Read back in the order first met for keys a and b.
    expect(ordered(back.top(new TopEntries()))).toEqual(ordered({ a: 'a string of some length', b: 2 }));
  });

  it('writes every state in the key order first met for its set of keys, and reads them back in it', () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    const states = [
      { rmState: { r1: 'working' }, tmState: 'init', msgs: new Set<string>() },
      { tmState: 'aborted', msgs: new Set(['Abort']), rmState: { r1: 'working' } },
      { msgs: new Set(['Abort']), rmState: { r1: 'aborted' }, tmState: 'aborted' },
      { tmState: 'init', extra: 1, rmState: { r1: 'working' }, msgs: new Set<string>() },
    ];
    for (const s of states) w.top(s);
    const r = new ValueReader(table);
    r.load(w.bytes, 0, w.length);
    const back = states.map(() => r.top(new TopEntries()) as Record<string, unknown>);
    expect(back.map((s) => Object.keys(s))).toEqual([
      ['rmState', 'tmState', 'msgs'],
      ['rmState', 'tmState', 'msgs'],
      ['rmState', 'tmState', 'msgs'],
      // Another set of keys: its own order.
      ['tmState', 'extra', 'rmState', 'msgs'],
    ]);
    back.forEach((s, i) => expect(unordered(s)).toEqual(unordered(states[i])));
    expect(r.done).toBe(true);
  });

  it('writes an entry of 128 bytes or more with a longer length and reads it back', () => {
    const table = new StringTable();
    const w = new ValueWriter(table, 16);
    const states = [200, 20_000, 3_000_000].map((n) => ({ a: 'x'.repeat(n), b: new Set([1]) }));
    for (const s of states) w.top(s);
    const r = new ValueReader(table);
    r.load(w.bytes, 0, w.length);
    const top = new TopEntries();
    for (const s of states) expect(ordered(r.top(top))).toEqual(ordered(s));
    expect(r.done).toBe(true);
  });

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
