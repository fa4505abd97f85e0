import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprintInto, InvalidValue, ParentMemo } from '../../src/state/fingerprint';
import { setOf } from '../../src/state/set-of';

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom('a', 'b', 'k', ''),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('x', 'y', 'z', 'k'), tie('v'), { maxKeys: 4 }),
    fc.array(tie('v'), { maxLength: 4 }).map((xs) => setOf(...xs)),
    fc.array(fc.tuple(fc.constantFrom('x', 'y', 1, 2), tie('v')), { maxLength: 3 }).map((es) => new Map(es)),
  ),
})).v;

/** A copy of `x` that shares its parts, with one entry changed to `other` (or added, or removed) as `pick` says. */
function edit(x: unknown, other: unknown, pick: number): unknown {
  if (Array.isArray(x)) {
    const copy = x.slice();
    if (pick % 3 === 0 || copy.length === 0) copy.push(other);
    else if (pick % 3 === 1) copy[pick % copy.length] = other;
    else copy.pop();
    return copy;
  }
  if (x instanceof Set) {
    const copy = new Set(x);
    const first = [...x][0];
    if (pick % 2 === 0 || first === undefined) copy.add(other);
    else copy.delete(first);
    return copy;
  }
  if (x instanceof Map) return new Map(x).set(pick % 2 === 0 ? 'x' : 2, other);
  if (typeof x === 'object' && x !== null) {
    const keys = Object.keys(x);
    const key = keys.length > 0 && pick % 2 === 0 ? (keys[pick % keys.length] as string) : 'k';
    return { ...x, [key]: other };
  }
  return other;
}

/** A successor of `parent` as models write them: the parent's parts kept, one or two levels changed. */
function successor(parent: unknown, other: unknown, picks: readonly number[]): unknown {
  const [how = 0, p1 = 0, p2 = 0] = picks;
  if (how % 5 === 0) return other;
  if (how % 5 === 1) return parent;
  if (how % 5 === 2 || typeof parent !== 'object' || parent === null || parent instanceof Set) return edit(parent, other, p1);
  // Change an entry of a top-level container.
  if (Array.isArray(parent)) {
    if (parent.length === 0) return [other];
    const copy = parent.slice();
    const i = p1 % copy.length;
    copy[i] = edit(copy[i], other, p2);
    return copy;
  }
  if (parent instanceof Map) {
    const keys = [...parent.keys()];
    if (keys.length === 0) return new Map([['x', other]]);
    const k = keys[p1 % keys.length];
    return new Map(parent).set(k, edit(parent.get(k), other, p2));
  }
  const keys = Object.keys(parent);
  if (keys.length === 0) return { k: other };
  const k = keys[p1 % keys.length] as string;
  return { ...parent, [k]: edit((parent as Record<string, unknown>)[k], other, p2) };
}

function lanes(v: unknown): [number, number] | 'invalid' {
  const out = new Int32Array(2);
  try {
    fingerprintInto(v, out);
  } catch (error) {
    if (error instanceof InvalidValue) return 'invalid';
    throw error;
  }
  return [out[0] as number, out[1] as number];
}

function memoLanes(memo: ParentMemo, v: unknown): [number, number] | 'invalid' {
  const out = new Int32Array(2);
  try {
    memo.fingerprintInto(v, out);
  } catch (error) {
    if (error instanceof InvalidValue) return 'invalid';
    throw error;
  }
  return [out[0] as number, out[1] as number];
}

describe('ParentMemo', () => {
  it('gives every successor the fingerprint fingerprintInto gives it', () => {
    fc.assert(
      fc.property(value, fc.array(fc.tuple(value, fc.array(fc.nat(), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 6 }), (parent, steps) => {
        const memo = new ParentMemo();
        memo.remember(parent);
        expect([memo.parent[0], memo.parent[1]]).toEqual(lanes(parent));
        for (const [other, picks] of steps) {
          const succ = successor(parent, other, picks);
          expect(memoLanes(memo, succ)).toEqual(lanes(succ));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every successor the fingerprint fingerprintInto gives it when records are rebuilt with their keys in another order', () => {
    // A plainly written model rebuilds a state record with the changed fields first: its parts are the parent's,
    // at other places. Records below the top level are reordered too.
    const rebuilt = (v: unknown, turn: number, depth: number): unknown => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Set || v instanceof Map || depth > 1) return v;
      const entries = Object.entries(v);
      const at = entries.length === 0 ? 0 : turn % entries.length;
      const order = [...entries.slice(at), ...entries.slice(0, at)];
      if (turn % 2 === 1) order.reverse();
      return Object.fromEntries(order.map(([k, x]) => [k, depth === 0 && turn % 3 === 0 ? rebuilt(x, turn + 1, depth + 1) : x]));
    };
    fc.assert(
      fc.property(value, fc.array(fc.tuple(value, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.nat()), { minLength: 1, maxLength: 6 }), (parent, steps) => {
        const memo = new ParentMemo();
        memo.remember(parent);
        for (const [other, picks, turn] of steps) {
          const succ = rebuilt(successor(parent, other, picks), turn, 0);
          expect(memoLanes(memo, succ)).toEqual(lanes(succ));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same fingerprints with hints, whatever the slots say: a slot is taken only for the very same value', () => {
    const slot = fc.integer({ min: -1, max: 3 });
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.array(fc.tuple(fc.nat(), slot), { minLength: 1, maxLength: 4 }), value, fc.array(fc.nat(), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 8 }),
        (parts, parents) => {
          // Parents are records of parts drawn from a small pool, so that later parents hold the very objects of
          // earlier ones, under hint slots that collide.
          const memo = new ParentMemo();
          for (const [entries, other, picks] of parents) {
            const parent: Record<string, unknown> = {};
            const slots = new Int32Array(entries.length);
            entries.forEach(([pick, s], i) => {
              parent[`k${i}`] = parts[pick % parts.length];
              slots[i] = s;
            });
            memo.remember(parent, { count: entries.length, slots });
            expect([memo.parent[0], memo.parent[1]]).toEqual(lanes(parent));
            for (const succ of [parent, successor(parent, other, picks), { ...parent, k0: other }]) {
              expect(memoLanes(memo, succ)).toEqual(lanes(succ));
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps an entry of the previous parent only where the next one holds the very same value under the same key', () => {
    // Parents of keys and parts drawn from small pools, one after the other as siblings come: many hold the same
    // entry at the same place, others the same value under another key, another value under the same key, or a
    // Map of the same entries.
    const keys = ['a', 'b', 'c'];
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), fc.boolean(), value, fc.array(fc.nat(), { minLength: 3, maxLength: 3 })), { minLength: 2, maxLength: 8 }),
        (parts, parents) => {
          const memo = new ParentMemo();
          for (const [entries, asMap, other, picks] of parents) {
            const pairs = entries.map(([k, v]): [string, unknown] => [keys[k % keys.length] as string, parts[v % parts.length]]);
            const parent = asMap ? new Map(pairs) : Object.fromEntries(pairs);
            memo.remember(parent);
            expect([memo.parent[0], memo.parent[1]]).toEqual(lanes(parent));
            const succ = successor(parent, other, picks);
            expect(memoLanes(memo, succ)).toEqual(lanes(succ));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reuses nothing across a changed kind: a Set and an array with the same elements differ', () => {
    const shared = { a: 1 };
    const memo = new ParentMemo();
    memo.remember({ f: new Set([shared]) });
    expect(memoLanes(memo, { f: [shared] })).toEqual(lanes({ f: [shared] }));
    memo.remember([shared, 'x']);
    expect(memoLanes(memo, new Set([shared, 'x']))).toEqual(lanes(new Set([shared, 'x'])));
  });

  it('forgets what the previous parent held at a position: a container there then is no reference now', () => {
    const memo = new ParentMemo();
    memo.remember({ a: new Set([7]) });
    memo.remember({ a: 5, b: { k: 7 } });
    const succ = { a: new Set([7]), b: { k: 7 } };
    expect(memoLanes(memo, succ)).toEqual(lanes(succ));
    memo.remember({ f: new Map([['a', 1]]) });
    expect(memoLanes(memo, { f: { a: 1 } })).toEqual(lanes({ f: { a: 1 } }));
  });

  it('validates what it has not seen in the parent, as fingerprintInto does', () => {
    const memo = new ParentMemo();
    const parent = { a: { b: 1 }, c: new Set([1]) };
    memo.remember(parent);
    expect(memoLanes(memo, { ...parent, c: new Set([undefined]) })).toBe('invalid');
    expect(memoLanes(memo, { ...parent, a: { b: () => 1 } })).toBe('invalid');
    expect(memoLanes(memo, { ...parent, d: undefined })).toBe('invalid');
    expect(() => memo.remember({ a: new Date(0) })).toThrow(InvalidValue);
  });

  it('holds no reference to a parent it was told to forget', () => {
    const memo = new ParentMemo();
    const parent = { a: [1, 2], b: 'x' };
    memo.remember(parent);
    memo.forget();
    expect(memoLanes(memo, parent)).toEqual(lanes(parent));
    expect(JSON.stringify(memo)).not.toContain('"x"');
  });
});
