/**
 * The README's example: processes that take one lock, declared symmetric inside defineModel. The hook's types are
 * inferred from the model, and the reduced search stores one state per class.
 */
import { describe, expect, it } from 'vitest';
import { check, defineModel } from 'interleave';
import { multiset, symmetryOf } from '../../src/symmetry';
import { reducedSearch } from './reduced-search';

type Pc = 'idle' | 'waiting' | 'critical';
interface State {
  readonly procs: Readonly<Record<string, { readonly pc: Pc }>>;
  readonly lockHolder: string | null;
}
type Action = { readonly type: 'request' | 'acquire' | 'release'; readonly actor: string };

const mutex = defineModel<State, Action, { procs: number }>({
  name: 'mutex',
  params: { procs: 3 },
  init: ({ procs }) => [{ procs: Object.fromEntries(Array.from({ length: procs }, (_, i) => [`p${i + 1}`, { pc: 'idle' as Pc }])), lockHolder: null }],
  actions: (s) => Object.keys(s.procs).flatMap((p) => (['request', 'acquire', 'release'] as const).map((type) => ({ type, actor: p }))),
  next: (s, { type, actor: p }) => {
    const pc = s.procs[p]?.pc;
    const set = (to: Pc, lockHolder: string | null): State => ({ procs: { ...s.procs, [p]: { pc: to } }, lockHolder });
    if (type === 'request' && pc === 'idle') return set('waiting', s.lockHolder);
    if (type === 'acquire' && pc === 'waiting' && s.lockHolder === null) return set('critical', p);
    if (type === 'release' && pc === 'critical') return set('idle', null);
    return undefined;
  },
  invariants: {
    MutualExclusion: (s) => Object.values(s.procs).filter((x) => x.pc === 'critical').length <= 1,
  },
  symmetry: symmetryOf({
    ids: (s) => Object.keys(s.procs),
    rename: (s, to) => ({
      procs: Object.fromEntries(Object.entries(s.procs).map(([p, v]) => [to(p), v])),
      lockHolder: s.lockHolder === null ? null : to(s.lockHolder),
    }),
    signature: (s, p) => [s.procs[p] ?? null, s.lockHolder === p],
  }),
});

const { symmetry: _symmetry, ...plain } = mutex;
/** The same mutex without its symmetry hook: every state counted. */
const withoutSymmetry = defineModel(plain);

describe('a symmetric mutex', () => {
  it('has 20 states and 7 classes with three processes', () => {
    const c = check(withoutSymmetry);
    expect([c.verdict, c.distinctStates, c.depth]).toEqual(['ok', 20, 5]);
    const classes = check(mutex);
    expect([classes.verdict, classes.distinctStates, classes.depth, classes.search.symmetry]).toEqual(['ok', 7, 5, true]);
    const reduced = reducedSearch(mutex, {}, mutex.symmetry);
    expect([reduced.distinct, reduced.depth]).toEqual([7, 5]);
    // The fast path by hand: each process as what the state says about it, as a multiset.
    const byHand = (s: State): unknown => multiset(Object.keys(s.procs).map((p) => [s.procs[p]?.pc ?? null, s.lockHolder === p]));
    expect(reducedSearch(mutex, {}, byHand).distinct).toBe(7);
  });

  it('grows as (n + 2) * 2^(n - 1) states, and as 2n + 1 classes', () => {
    const counts = [2, 3, 4, 5, 6].map((procs) => [check(withoutSymmetry, { params: { procs } }).distinctStates, reducedSearch(mutex, { procs }, mutex.symmetry).distinct]);
    for (const [procs, classes] of [[2, 5], [6, 13]] as const) expect(check(mutex, { params: { procs } }).distinctStates).toBe(classes);
    expect(counts).toEqual([
      [8, 5],
      [20, 7],
      [48, 9],
      [112, 11],
      [256, 13],
    ]);
  });
});
