import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import lostUpdate from '../../models/examples/lost-update';
import earlyBucketRace from '../../models/alloc/early-bucket-race';
import twoPhase from '../../models/conformance/two-phase';
import peterson from '../../models/conformance/peterson';
import type { Action, AnyModel } from '../../src/model/types';
import type { Expectation, LogEntry } from '../../src/validate/expectation';
import { check } from '../../src/check/check';
import { resolveParams } from '../../src/model/resolve-params';
import { validationEngine } from '../../src/validate/validation-engine';
import { validateLog } from '../../src/validate/validate-log';

const MODELS: [string, AnyModel, Record<string, string | number | boolean>][] = [
  ['lost-update', lostUpdate as AnyModel, {}],
  ['early-bucket-race buggy', earlyBucketRace as AnyModel, { variant: 'buggy' }],
  ['early-bucket-race cached-iter 3x2', earlyBucketRace as AnyModel, { variant: 'cached-iter', tasks: 3 }],
  ['two-phase', twoPhase as AnyModel, {}],
  ['peterson', peterson as AnyModel, {}],
];

const entries = (actions: readonly Action[]): LogEntry[] =>
  actions.map((action, i) => {
    const e: Expectation = { action: action as Expectation['action'] };
    return { line: i + 1, raw: e, expectations: [e] };
  });

/** A random walk through the engine: at each step the successor picked by `choices` (the walk stops where none is enabled). */
function walk(model: AnyModel, params: Record<string, string | number | boolean>, choices: readonly number[]) {
  const engine = validationEngine(model, resolveParams(model, params));
  const inits = engine.initialStates();
  let state = inits[(choices[0] ?? 0) % inits.length]!.state;
  const actions: Action[] = [];
  const states: unknown[] = [state];
  for (const c of choices.slice(1)) {
    const succ = engine.successors(state);
    if (succ.length === 0) break;
    const s = succ[c % succ.length]!;
    actions.push(s.action);
    state = s.state;
    states.push(state);
  }
  return { engine, actions, states };
}

describe('every behaviour of the model validates; one impossible action diverges where it is', () => {
  for (const [name, model, params] of MODELS) {
    it(`${name}: engine random walks written as logs`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(50), { minLength: 1, maxLength: 40 }), fc.nat(), async (choices, pick) => {
          const { engine, actions, states } = walk(model, params, choices);
          const ok = await validateLog(engine, entries(actions), { file: 'walk' });
          expect([ok.verdict, ok.matched]).toEqual(['ok', actions.length]);
          if (actions.length === 0) return;
          // Replace record k by an action offered in the state before it but not enabled there (or an unknown type).
          const k = pick % actions.length;
          const before = states[k];
          const disabled = engine.actions(before).filter((a) => engine.step(before, a, 0) === undefined);
          const wrong = disabled.length > 0 ? disabled[pick % disabled.length]! : { type: '__not_an_action__' };
          const changed = [...actions.slice(0, k), wrong, ...actions.slice(k + 1)];
          const bad = await validateLog(engine, entries(changed), { file: 'walk' });
          // With several initial states another may enable it; the bundled models here have one.
          expect([bad.verdict, bad.divergence?.line, bad.matched]).toEqual(['divergence', k + 1, k]);
        }),
        { numRuns: 60, seed: 42 },
      );
    });
  }

  it("check()'s counterexamples, written as logs, validate", async () => {
    for (const [model, params] of [[lostUpdate, {}], [earlyBucketRace, { variant: 'buggy' }]] as const) {
      const result = check(model as AnyModel, { params, continue: true });
      expect(result.violations.length).toBeGreaterThan(0);
      for (const v of result.violations) {
        const actions = v.trace.slice(1).map((s) => s.action as Action);
        const r = await validateLog(validationEngine(model as AnyModel, resolveParams(model as AnyModel, params)), entries(actions), { file: v.name });
        expect([v.name, r.verdict, r.matched]).toEqual([v.name, 'ok', actions.length]);
      }
    }
  });
});
