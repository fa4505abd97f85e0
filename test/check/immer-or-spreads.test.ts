import { describe, expect, it } from 'vitest';
import { check, assertHolds, defineModel } from 'interleave';
import immerModel from '../../models/examples/lost-update';
import { PropertyViolated } from '../../src/check/assert-holds';

type Pc = 'read' | 'write' | 'done';
interface State {
  readonly counter: number;
  readonly tasks: readonly { readonly pc: Pc; readonly local: number }[];
}

/** The lost-update model again, with successors built by spreads instead of immer (not frozen, no sharing). */
const spreads = defineModel<State, { type: 'Read' | 'Write'; actor: string; task: number }, { tasks: number; atomic: boolean }>({
  ...immerModel,
  name: 'lost-update-spreads',
  next: (s, a, p) => {
    const t = s.tasks[a.task];
    if (!t) return undefined;
    const set = (pc: Pc, local: number) => s.tasks.map((x, i) => (i === a.task ? { local, pc } : x));
    if (a.type === 'Read' && t.pc === 'read') {
      return p.atomic ? { tasks: set('done', t.local), counter: s.counter + 1 } : { tasks: set('write', s.counter), counter: s.counter };
    }
    if (a.type === 'Write' && t.pc === 'write') return { counter: t.local + 1, tasks: set('done', t.local) };
    return undefined;
  },
});

describe('the checker does not depend on how models build states', () => {
  it('immer (frozen, shared) and spreads (fresh, other key order) give the same counts and traces', () => {
    for (const params of [{ tasks: 2 }, { tasks: 3 }, { tasks: 3, atomic: true }]) {
      const a = check(immerModel, { params, continue: true });
      const b = check(spreads, { params, continue: true });
      expect([b.distinctStates, b.generatedStates, b.depth]).toEqual([a.distinctStates, a.generatedStates, a.depth]);
      expect(b.violations.map((v) => v.trace.map((s) => s.action?.type))).toEqual(a.violations.map((v) => v.trace.map((s) => s.action?.type)));
    }
    expect(check(immerModel, { params: { tasks: 3 }, continue: true }).distinctStates).toBe(84);
  });

  it('assertHolds returns the result when every property holds and throws the printed counterexample otherwise', () => {
    expect(assertHolds(spreads, { params: { atomic: true } }).verdict).toBe('ok');
    expect(() => assertHolds(spreads)).toThrow(PropertyViolated);
    expect(() => assertHolds(spreads)).toThrow(/Invariant NoLostUpdate is violated \(5 states\):\n {2}0 {2}initial state/);
  });
});
