/**
 * Value semantics: states reached along different paths, with the same Set, Map and record contents built in
 * different insertion orders, are one state.
 *
 * Expected counts, derived from the model rather than measured: a state is determined by the subset of the
 * N keys added so far, so there are 2^N distinct states; a state holding s keys enables 2(N - s) actions
 * (front or back, for each missing key), so the successors sum to sum_s C(N, s) 2(N - s) = N 2^N, and
 * generated = 1 + N 2^N; the longest shortest path adds all N keys, so depth = N + 1.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'interleave';
import model from '../../../models/conformance/set-order';

type State = ReturnType<typeof model.init>[number];

/** A serialisation that keeps insertion order, i.e. what a checker without value semantics would compare. */
function ordered(value: unknown): unknown {
  if (value instanceof Set) return ['set', ...[...value].map(ordered)];
  if (value instanceof Map) return ['map', ...[...value].map(([k, v]) => [ordered(k), ordered(v)])];
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, ordered(v)]);
  return value;
}

function orderedReachableCount(n: number): number {
  const params = { n };
  const seen = new Set<string>();
  let frontier: State[] = [...model.init(params)];
  for (const s of frontier) seen.add(JSON.stringify(ordered(s)));
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const s of frontier) {
      for (const a of model.actions(s, params)) {
        const succ = model.next(s, a, params);
        if (succ === undefined) continue;
        const key = JSON.stringify(ordered(succ));
        if (!seen.has(key)) {
          seen.add(key);
          next.push(succ);
        }
      }
    }
    frontier = next;
  }
  return seen.size;
}

describe('SetOrder', () => {
  it.each([1, 3, 4, 6])('counts each of the 2^N contents once for N = %i', (n) => {
    const result = check(model, { params: { n } });
    expect(result.verdict).toBe('ok');
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([2 ** n, 1 + n * 2 ** n, n + 1]);
  });

  it('pins the counts for N = 4', () => {
    const result = check(model);
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([16, 65, 5]);
  });

  it('reaches equal values through different insertion orders', () => {
    const params = { n: 2 };
    const [init] = model.init(params);
    if (init === undefined) throw new Error('no initial state');
    const step = (s: State | undefined, type: 'AddFront' | 'AddBack', key: string): State | undefined =>
      s && model.next(s, { type, key }, params);
    const viaK1 = step(step(init, 'AddBack', 'k1'), 'AddBack', 'k2');
    const viaK2 = step(step(init, 'AddBack', 'k2'), 'AddBack', 'k1');
    expect([...(viaK1?.members ?? [])]).toEqual(['k1', 'k2']);
    expect([...(viaK2?.members ?? [])]).toEqual(['k2', 'k1']);
    expect(JSON.stringify(ordered(viaK1))).not.toBe(JSON.stringify(ordered(viaK2)));
  });

  it('would count many more states if insertion order mattered', () => {
    // With order kept, a state with s keys is an arrangement of them (s! ways) plus the side each key was
    // added on, visible in its entry's field order. Keys added at the front precede the first key and keys
    // added at the back follow it, so the sides read front..front back..back along the arrangement: s + 1
    // patterns. That is sum_s C(N, s) (s + 1)! ordered values, against 2^N values.
    const expected = (n: number): number => {
      let total = 0;
      for (let s = 0; s <= n; s++) total += binomial(n, s) * factorial(s + 1);
      return total;
    };
    expect([expected(3), expected(4)]).toEqual([49, 261]);
    expect([orderedReachableCount(3), orderedReachableCount(4)]).toEqual([expected(3), expected(4)]);
  });
});

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function binomial(n: number, k: number): number {
  return factorial(n) / (factorial(k) * factorial(n - k));
}
