import { describe, expect, it } from 'vitest';
import { check, defineModel, assertHolds, InterleaveError } from 'interleave';
import counterRace from '../../models/examples/lost-update';
import throwingNext from '../fixtures/bad/throwing-next';
import invalidValue from '../fixtures/bad/invalid-value';
import emptyInit from '../fixtures/bad/empty-init';
import throwingInvariant from '../fixtures/bad/throwing-invariant';

/** A counter 0..limit-1 that wraps or stops, for hand-countable state spaces. */
function counter(opts: { limit: number; wrap: boolean; constraintBelow?: number }) {
  return defineModel<{ n: number }, { type: 'Inc' }, { limit: number }>({
    name: 'counter',
    params: { limit: opts.limit },
    init: () => [{ n: 0 }],
    actions: () => [{ type: 'Inc' }],
    next: (s, _a, p) => (s.n + 1 < p.limit ? { n: s.n + 1 } : opts.wrap ? { n: 0 } : undefined),
    invariants: { NotFive: (s) => s.n !== 5 },
    ...(opts.constraintBelow !== undefined ? { constraint: (s: { n: number }) => s.n < opts.constraintBelow! } : {}),
  });
}

describe('check', () => {
  it('finds the lost update with the shortest trace and stops there', () => {
    const r = check(counterRace);
    expect(r.verdict).toBe('violation');
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect(v.kind).toBe('invariant');
    expect(v.name).toBe('NoLostUpdate');
    expect(v.trace.map((s) => s.action?.type ?? null)).toEqual([null, 'Read', 'Read', 'Write', 'Write']);
    expect(v.trace.map((s) => s.action?.actor ?? null)).toEqual([null, 'task1', 'task2', 'task1', 'task2']);
    expect(v.trace[4]!.state).toEqual({ counter: 1, tasks: [{ pc: 'done', local: 0 }, { pc: 'done', local: 0 }] });
  });

  it('explores the whole space with continue: counts agree with an independent enumeration', () => {
    const r = check(counterRace, { continue: true });
    // Independent BFS over JSON-serialised states of the same model.
    const seen = new Set<string>();
    let frontier = counterRace.init(counterRace.params) as unknown[];
    let generated = frontier.length;
    let depth = 0;
    for (const s of frontier) seen.add(JSON.stringify(s));
    while (frontier.length) {
      depth++;
      const next: unknown[] = [];
      for (const s of frontier) {
        for (const a of counterRace.actions(s as never, counterRace.params)) {
          const t = counterRace.next(s as never, a, counterRace.params);
          if (t === undefined) continue;
          generated++;
          const k = JSON.stringify(t);
          if (!seen.has(k)) {
            seen.add(k);
            next.push(t);
          }
        }
      }
      frontier = next;
    }
    expect(r.distinctStates).toBe(seen.size);
    expect(r.generatedStates).toBe(generated);
    expect(r.depth).toBe(depth);
    // By hand: levels {00} {w0 r0, r0 w0} {w0 w0, d0 r0 c1, r0 d0 c1} {4 states} {d0 d0 c1, d0 d1 c2, d1 d0 c2}.
    expect(r.distinctStates).toBe(13);
    expect(r.generatedStates).toBe(15);
    expect(r.depth).toBe(5);
    expect(r.statesPerDepth).toEqual([1, 2, 3, 4, 3]);
    expect(r.coverage).toEqual({ Read: { enabled: 6, distinct: 5 }, Write: { enabled: 8, distinct: 7 } });
    expect(r.reachable).toEqual({ AllDone: true });
  });

  it('holds with the atomic variant: 4 states, 5 generated, depth 3', () => {
    const r = assertHolds(counterRace, { params: { atomic: true } });
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([4, 5, 3]);
  });

  it('treats a self-loop as a step, not a deadlock (TLC semantics)', () => {
    const loop = defineModel({
      name: 'self-loop',
      params: {},
      init: () => [{ x: 1 }],
      actions: () => [{ type: 'Stay' }],
      next: (s: { x: number }) => ({ ...s }),
      invariants: {},
    });
    const r = check(loop);
    expect(r.verdict).toBe('ok');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([1, 2, 1]);
  });

  it('checks action invariants and counts coverage on steps that change nothing, as on any other step', () => {
    // Stay changes nothing (the successor is the parent, stored already); it is forbidden at n = 2 only.
    const m = defineModel({
      name: 'stutter',
      params: {},
      init: () => [{ n: 0, tag: ['a'] }],
      actions: () => [{ type: 'Inc' }, { type: 'Stay' }],
      next: (s: { n: number; tag: string[] }, a: { type: string }) => (a.type === 'Stay' ? { ...s, tag: [...s.tag] } : s.n < 3 ? { ...s, n: s.n + 1 } : undefined),
      invariants: {},
      actionInvariants: { NoStayAtTwo: (from: { n: number }, a: { type: string }) => !(a.type === 'Stay' && from.n === 2) },
    });
    const r = check(m);
    expect(r.violations.map((v) => [v.name, v.trace.map((s) => s.action?.type ?? null)])).toEqual([['NoStayAtTwo', [null, 'Inc', 'Inc', 'Stay']]]);
    const all = check(m, { continue: true });
    expect([all.distinctStates, all.generatedStates, all.depth]).toEqual([4, 8, 4]);
    expect(all.coverage).toEqual({ Inc: { enabled: 3, distinct: 3 }, Stay: { enabled: 4, distinct: 0 } });
  });

  it('checks action invariants and counts coverage on steps to states stored already', () => {
    // Reset goes back to n = 0: stored since the first level, and found without an add (see `LevelExpander`).
    // Generated states count the initial one, as TLC's do.
    const m = defineModel({
      name: 'reset',
      params: {},
      init: () => [{ n: 0 }],
      actions: () => [{ type: 'Inc' }, { type: 'Reset' }],
      next: (s: { n: number }, a: { type: string }) => (a.type === 'Reset' ? { n: 0 } : s.n < 3 ? { n: s.n + 1 } : undefined),
      invariants: {},
      actionInvariants: { NoResetFromTwo: (from: { n: number }, a: { type: string }) => !(a.type === 'Reset' && from.n === 2) },
    });
    const r = check(m);
    expect(r.violations.map((v) => [v.name, v.trace.map((s) => s.action?.type ?? null)])).toEqual([['NoResetFromTwo', [null, 'Inc', 'Inc', 'Reset']]]);
    const free = check(defineModel({ ...m, actionInvariants: {} }));
    expect([free.verdict, free.distinctStates, free.generatedStates, free.depth]).toEqual(['ok', 4, 8, 4]);
    expect(free.coverage).toEqual({ Inc: { enabled: 3, distinct: 3 }, Reset: { enabled: 4, distinct: 0 } });
  });

  it('reports a deadlock with its trace unless the state is terminal or deadlock checking is off', () => {
    const stops = counter({ limit: 3, wrap: false });
    const r = check(stops);
    expect(r.verdict).toBe('deadlock');
    expect(r.violations[0]!.trace.map((s) => (s.state as { n: number }).n)).toEqual([0, 1, 2]);
    expect(check(stops, { deadlock: false }).verdict).toBe('ok');
    const terminal = defineModel({ ...stops, terminal: (s: { n: number }) => s.n === 2 });
    expect(check(terminal).verdict).toBe('ok');
  });

  it('counts a successor outside the constraint as generated but neither stores nor expands it', () => {
    const r = check(counter({ limit: 10, wrap: true, constraintBelow: 3 }));
    expect(r.verdict).toBe('ok');
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([3, 4, 3]);
  });

  it('bounds: max-states, max-depth and time-limit end in incomplete, never ok', () => {
    const big = counter({ limit: 1000, wrap: true });
    const byStates = check(big, { maxStates: 10, invariants: [] });
    expect(byStates.verdict).toBe('incomplete');
    expect(byStates.verdict === 'incomplete' && byStates.reason).toBe('max-states');
    expect(byStates.distinctStates).toBe(10);
    const byDepth = check(big, { maxDepth: 4, invariants: [] });
    expect(byDepth.verdict === 'incomplete' && byDepth.reason).toBe('max-depth');
    expect(byDepth.depth).toBe(4);
    // A bound that is not reached leaves the verdict alone.
    expect(check(counter({ limit: 4, wrap: true }), { maxDepth: 10 }).verdict).toBe('ok');
  });

  it('continue reports each violated property with its own shortest trace', () => {
    const m = defineModel({
      name: 'two-bad',
      params: {},
      init: () => [{ n: 0 }],
      actions: () => [{ type: 'Inc' }, { type: 'Jump' }],
      next: (s: { n: number }, a: { type: string }) => (s.n >= 6 ? undefined : { n: a.type === 'Jump' ? s.n + 3 : s.n + 1 }),
      invariants: { NotTwo: (s: { n: number }) => s.n !== 2, NotSix: (s: { n: number }) => s.n !== 6 },
      actionInvariants: { SmallSteps: (from: { n: number }, _a: unknown, to: { n: number }) => to.n - from.n < 3 },
      deadlock: false,
    });
    const first = check(m);
    expect(first.violations.map((v) => v.name)).toEqual(['SmallSteps']);
    const all = check(m, { continue: true });
    expect(all.violations.map((v) => [v.kind, v.name, v.trace.length])).toEqual([
      ['action-invariant', 'SmallSteps', 2],
      ['invariant', 'NotTwo', 3],
      ['invariant', 'NotSix', 3],
    ]);
    const only = check(m, { invariants: ['NotSix'] });
    expect(only.violations.map((v) => v.name)).toEqual(['NotSix']);
    expect(only.violations[0]!.trace.map((s) => s.action?.type ?? null)).toEqual([null, 'Jump', 'Jump']);
  });

  it('reports a reachability property that no state satisfies', () => {
    const never = defineModel({ ...counter({ limit: 4, wrap: true }), reachable: { ReachesTen: (s: { n: number }) => s.n === 10 } });
    const r = check(never);
    expect(r.verdict).toBe('violation');
    expect(r.violations).toEqual([{ kind: 'unreachable', name: 'ReachesTen', trace: [] }]);
    expect(r.reachable).toEqual({ ReachesTen: false });
  });

  it('counts a value once however Sets, Maps and records were built', () => {
    const m = defineModel({
      name: 'orders',
      params: {},
      init: () => [{ s: new Set<string>(), m: new Map<string, number>(), r: {} as Record<string, boolean> }],
      actions: () => ['a', 'b'].map((k) => ({ type: 'Add', k })),
      next: (st: { s: Set<string>; m: Map<string, number>; r: Record<string, boolean> }, a: { type: string; k: string }) =>
        st.s.has(a.k) ? undefined : { r: { ...st.r, [a.k]: true }, m: new Map([...st.m, [a.k, 1]]), s: new Set([...st.s, a.k]) },
      invariants: {},
      deadlock: false,
    });
    // {} , {a}, {b}, {a,b}: the two paths to {a,b} insert in different orders.
    const r = check(m);
    expect([r.distinctStates, r.generatedStates, r.depth]).toEqual([4, 5, 3]);
  });
});

describe('check on a failing model', () => {
  it('IL301: next() throwing gives the trace to the state where it threw and the action', () => {
    const r = check(throwingNext);
    expect(r.verdict).toBe('error');
    if (r.verdict !== 'error') return;
    expect(r.error.code).toBe('IL301');
    expect(r.error.message).toMatch(/next\(\) threw RangeError: counter overflow/);
    expect(r.error.action).toEqual({ type: 'Inc' });
    expect(r.trace.map((s) => s.state)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('IL302: a state value that is not allowed is named by its path and action', () => {
    const r = check(invalidValue);
    expect(r.verdict === 'error' && r.error.code).toBe('IL302');
    if (r.verdict !== 'error') return;
    expect(r.error.path).toBe('$.slots[0].owner');
    expect(r.error.message).toMatch(/undefined/);
    expect(r.trace).toHaveLength(2);
  });

  // A successor is fingerprinted relative to its parent without looking at the prototypes of the objects where the
  // parent held records; a new state is checked for them as it is stored, and one outside the constraint as it is met.
  describe('IL302 for an object of a class where the parent held a record', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    type S = { n: number; at: { x: number } };
    const model = (make: (n: number) => S, constraint?: (s: S) => boolean) =>
      defineModel<S, { type: 'Step' }, Record<string, never>>({
        name: 'classes',
        params: {},
        init: () => [{ n: 0, at: { x: 0 } }],
        actions: () => [{ type: 'Step' }],
        next: (s) => (s.n < 3 ? make(s.n + 1) : undefined),
        invariants: {},
        deadlock: false,
        ...(constraint ? { constraint } : {}),
      });
    const named = (r: ReturnType<typeof check>) =>
      r.verdict === 'error' ? [r.error.code, r.error.path, r.trace.length, /instance of class (\w+)/.exec(r.error.message)?.[1]] : r.verdict;

    it('in a top-level entry of a new state', () => {
      expect(named(check(model((n) => ({ n, at: n === 2 ? new Point(n) : { x: n } }))))).toEqual(['IL302', '$.at', 2, 'Point']);
    });

    it('as the new state itself', () => {
      const asPoint = (n: number): S => Object.assign(new Point(n), { n, at: { x: n } }) as unknown as S;
      expect(named(check(model((n) => (n === 2 ? asPoint(n) : { n, at: { x: n } }))))).toEqual(['IL302', '$', 2, 'Point']);
    });

    it('in a state outside the constraint', () => {
      const r = check(model((n) => ({ n, at: n === 2 ? new Point(n) : { x: n } }), (s) => s.n < 2));
      expect(named(r)).toEqual(['IL302', '$.at', 2, 'Point']);
    });

    it('but not in a successor equal, key for key, to a state already stored (a known limitation)', () => {
      // Step from n = 1 gives n = 1 again, with a Point where the stored state has { x: 1 }: the same fingerprint.
      const m = defineModel<S, { type: 'Step' | 'Stay' }, Record<string, never>>({
        name: 'classes',
        params: {},
        init: () => [{ n: 0, at: { x: 0 } }],
        actions: () => [{ type: 'Step' }, { type: 'Stay' }],
        next: (s, a) => (a.type === 'Step' ? (s.n < 1 ? { n: s.n + 1, at: { x: s.n + 1 } } : undefined) : { ...s, at: new Point(s.at.x) }),
        invariants: {},
        deadlock: false,
      });
      const r = check(m);
      expect([r.verdict, r.distinctStates, r.generatedStates]).toEqual(['ok', 2, 4]);
    });
  });

  it('takes the actions of a state in order: a violation by an earlier action comes before a later one failing', () => {
    const model = (order: readonly ('Bad' | 'Boom' | 'Undefined')[]) =>
      defineModel<{ n: number }, { type: 'Bad' | 'Boom' | 'Undefined' }, Record<string, never>>({
        name: 'ordered',
        params: {},
        init: () => [{ n: 0 }],
        actions: () => order.map((type) => ({ type })),
        next: (s, a) => {
          if (s.n !== 0) return undefined;
          if (a.type === 'Boom') throw new RangeError('boom');
          return a.type === 'Bad' ? { n: -1 } : ({ n: undefined } as unknown as { n: number });
        },
        invariants: { NonNegative: (s) => s.n >= 0 },
      });
    const first = check(model(['Bad', 'Boom']));
    expect(first.verdict).toBe('violation');
    expect(first.violations.map((v) => [v.name, v.trace.length])).toEqual([['NonNegative', 2]]);
    expect(check(model(['Bad', 'Undefined'])).verdict).toBe('violation');
    const boom = check(model(['Boom', 'Bad']));
    expect(boom.verdict === 'error' && boom.error.code).toBe('IL301');
    const undef = check(model(['Undefined', 'Bad']));
    expect(undef.verdict === 'error' && undef.error.code).toBe('IL302');
  });

  it('IL304: next() changing the state it was given is caught and named with its action, not explored wrongly', () => {
    const inPlace = defineModel<{ done: Set<number>; n: number }, { type: 'Add'; id: number }, Record<string, never>>({
      name: 'in-place',
      params: {},
      init: () => [{ done: new Set(), n: 0 }],
      actions: () => [
        { type: 'Add', id: 1 },
        { type: 'Add', id: 2 },
      ],
      next: (s, a) => {
        if (s.done.has(a.id)) return undefined;
        s.done.add(a.id);
        return { ...s, n: s.n + 1 };
      },
      invariants: {},
    });
    const r = check(inPlace);
    expect(r.verdict === 'error' && r.error.code).toBe('IL304');
    if (r.verdict !== 'error') return;
    expect(r.error.action).toEqual({ type: 'Add', id: 1 });
    expect(r.error.message).toMatch(/next\(\) for action \{"type":"Add","id":1\} changed the state it was given/);
    expect(r.error.hint).toMatch(/immer/);
    expect(r.trace.map((s) => s.state)).toEqual([{ done: new Set(), n: 0 }]);
  });

  it('IL304, not a crash, when a part shared with an earlier state was changed into something no state may hold', () => {
    // The array is passed down the chain; at n = 3 (a state not hashed again) next() pushes undefined onto it.
    // The state after it is decoded with that very array, and hashing it (n = 4) finds undefined.
    const inPlace = defineModel<{ n: number; items: (number | undefined)[] }, { type: 'Step' }, Record<string, never>>({
      name: 'in-place-shared',
      params: {},
      init: () => [{ n: 0, items: [1] }],
      actions: () => [{ type: 'Step' }],
      next: (s) => {
        if (s.n >= 20) return undefined;
        if (s.n === 3) s.items.push(undefined);
        return { n: s.n + 1, items: s.items };
      },
      invariants: {},
      deadlock: false,
    });
    const r = check(inPlace);
    expect(r.verdict === 'error' && r.error.code).toBe('IL304');
    if (r.verdict !== 'error') return;
    // The replay (through the step engine) meets the change where it happens: next() at n = 3.
    expect(r.error.message).toMatch(/next\(\) for action \{"type":"Step"\} changed the state it was given/);
    expect(r.trace.map((t) => (t.state as { n: number }).n)).toEqual([0, 1, 2, 3]);
  });

  it('IL304: actions() changing the state is caught too', () => {
    const inPlace = defineModel<{ seen: number[] }, { type: 'Step' }, Record<string, never>>({
      name: 'in-place-actions',
      params: {},
      init: () => [{ seen: [] }],
      actions: (s) => {
        s.seen.push(1);
        return s.seen.length < 3 ? [{ type: 'Step' }] : [];
      },
      next: (s) => ({ seen: [...s.seen, 0] }),
      invariants: {},
      deadlock: false,
    });
    const r = check(inPlace);
    expect(r.verdict === 'error' && r.error.code).toBe('IL304');
    expect(r.verdict === 'error' && r.error.message).toMatch(/actions\(\) changed the state it was given/);
  });

  it('IL301 names an invariant that throws', () => {
    const r = check(throwingInvariant);
    expect(r.verdict === 'error' && r.error.code).toBe('IL301');
    expect(r.verdict === 'error' && r.error.message).toMatch(/invariant "FirstIsPositive" threw TypeError/);
  });

  it('IL205: init returning no states', () => {
    const r = check(emptyInit);
    expect(r.verdict === 'error' && r.error.code).toBe('IL205');
  });

  it('IL102/IL103/IL104/IL101: bad params, invariant names and options throw before the search', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof InterleaveError ? e.code : 'not an InterleaveError';
      }
      return undefined;
    };
    // The options are typed by the model's params: the misspelt name and the wrong type do not compile either.
    // @ts-expect-error `task` is not a param of counterRace
    expect(codeOf(() => check(counterRace, { params: { task: 3 } }))).toBe('IL102');
    // @ts-expect-error `tasks` is a number
    expect(codeOf(() => check(counterRace, { params: { tasks: 'many' } }))).toBe('IL103');
    expect(codeOf(() => check(counterRace, { invariants: ['NoLostUpdates'] }))).toBe('IL104');
    expect(codeOf(() => check(counterRace, { maxStates: -1 }))).toBe('IL101');
    expect(codeOf(() => check({ name: 'x' } as never))).toBe('IL203');
  });
});
