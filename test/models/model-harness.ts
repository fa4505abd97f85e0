/**
 * Helpers the bcache and journal model tests share: a `check` run summarised as counts and action-type traces,
 * and a replay that applies one action per step, chosen by type and, where several are enabled, by its fields.
 */
import { expect } from 'vitest';
import { check, type Action, type Model } from 'interleave';

type Params = Record<string, string | number | boolean>;

const types = (trace: readonly { action: { type: string } | null }[]): (string | null)[] => trace.map((t) => t.action?.type ?? null);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model's params; `check` validates them
export function run<S, A extends Action>(model: Model<S, A, any>, params: Params) {
  const result = check(model, { params, continue: true });
  const traces = Object.fromEntries(result.violations.map((v) => [v.name, types(v.trace).slice(1)]));
  return { result, traces, counts: [result.distinctStates, result.generatedStates, result.depth] };
}

interface Stepper<S, A> {
  readonly params: object;
  init(p: never): readonly S[];
  actions(s: S, p: never): readonly A[];
  next(s: S, a: A, p: never): S | undefined;
}

export function replay<S, A>(model: Stepper<S, A>, params: Params, path: readonly Record<string, unknown>[]): S {
  const p = { ...model.params, ...params } as never;
  let state = model.init(p)[0] as S;
  for (const want of path) {
    const matching = model
      .actions(state, p)
      .filter((a) => Object.entries(want).every(([k, v]) => JSON.stringify((a as Record<string, unknown>)[k]) === JSON.stringify(v)));
    const next = matching.map((a) => model.next(state, a, p)).filter((s): s is NonNullable<S> => s !== undefined);
    expect(next, JSON.stringify(want)).toHaveLength(1);
    state = next[0] as S;
  }
  return state;
}
