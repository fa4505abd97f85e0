/**
 * A breadth-first search that fingerprints `canon(state)` instead of the state: what the checker does once it
 * reads a model's `symmetry` hook. It stores the first real state reached in each class and rebuilds traces by
 * replaying action indices from the initial state, so every trace it returns is a real behaviour of the model.
 * Checked against `check()` with the identity (see symmetry-search.test.ts). Constraints and action invariants are
 * not supported: the models measured here have neither.
 */
import type { Action, Model, Params } from 'interleave';
import { fingerprint } from '../../src/state/fingerprint';

export interface Step<S, A> {
  readonly action: A | null;
  readonly state: S;
}

export interface ReducedOutcome<S, A> {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** The first violation of each invariant (a shortest trace), in the order found. */
  readonly violations: { readonly name: string; readonly trace: Step<S, A>[] }[];
  readonly deadlock?: Step<S, A>[];
  readonly reachable: Record<string, boolean>;
  /** The stored (real) states, in the order reached. */
  readonly states: S[];
}

export function reducedSearch<S, A extends Action, P extends Params>(
  model: Model<S, A, P>,
  params: Partial<P> = {},
  canon: (state: S, params: P) => unknown = (s) => s,
): ReducedOutcome<S, A> {
  const p = { ...model.params, ...params } as P;
  const seen = new Set<string>();
  const parents: number[] = [];
  const actionIndex: number[] = [];
  const states: S[] = [];
  const violations: { name: string; at: number }[] = [];
  const violated = new Set<string>();
  const reachable: Record<string, boolean> = Object.fromEntries(Object.keys(model.reachable ?? {}).map((n) => [n, false]));
  const deadlockOn = model.deadlock ?? true;
  let deadlockAt: number | undefined;
  let generated = 0;
  let depth = 0;

  const add = (state: S, parent: number, index: number): number => {
    const key = fingerprint(canon(state, p));
    if (seen.has(key)) return -1;
    seen.add(key);
    const id = states.length;
    states.push(state);
    parents.push(parent);
    actionIndex.push(index);
    for (const [name, inv] of Object.entries(model.invariants)) {
      if (!violated.has(name) && !inv(state, p)) {
        violated.add(name);
        violations.push({ name, at: id });
      }
    }
    for (const [name, pred] of Object.entries(model.reachable ?? {})) if (pred(state, p)) reachable[name] = true;
    return id;
  };

  let level: number[] = [];
  model.init(p).forEach((s, i) => {
    generated++;
    const id = add(s, -1, i);
    if (id >= 0) level.push(id);
  });
  while (level.length > 0) {
    depth++;
    const next: number[] = [];
    for (const id of level) {
      const s = states[id] as S;
      let successors = 0;
      model.actions(s, p).forEach((a, i) => {
        const t = model.next(s, a, p);
        if (t === undefined) return;
        successors++;
        generated++;
        const tid = add(t, id, i);
        if (tid >= 0) next.push(tid);
      });
      if (successors === 0 && deadlockOn && deadlockAt === undefined && !(model.terminal?.(s, p) ?? false)) deadlockAt = id;
    }
    level = next;
  }

  const replay = (id: number): Step<S, A>[] => {
    const path: number[] = [];
    for (let at = id; at >= 0; at = parents[at] as number) path.unshift(actionIndex[at] as number);
    const first = model.init(p)[path[0] as number] as S;
    const trace: Step<S, A>[] = [{ action: null, state: first }];
    let s = first;
    for (const i of path.slice(1)) {
      const a = model.actions(s, p)[i] as A;
      s = model.next(s, a, p) as S;
      trace.push({ action: a, state: s });
    }
    return trace;
  };

  return {
    distinct: states.length,
    generated,
    depth,
    violations: violations.map((v) => ({ name: v.name, trace: replay(v.at) })),
    ...(deadlockAt !== undefined ? { deadlock: replay(deadlockAt) } : {}),
    reachable,
    states,
  };
}
