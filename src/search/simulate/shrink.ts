import type { Action } from '../../model/types';
import type { StepEngine, Successor } from '../../engine/step-engine';
import type { ReplayPath } from '../../engine/replay';
import type { SimulatedKind } from './types';
import { fingerprint } from '../../state/fingerprint';
import { NO_ACTOR } from '../../graph/actor';
import { switchesOf } from '../switches/switches-of';

/** Steps and states of the small searches from each state of a counterexample. */
const LOCAL_RADIUS = 4;
const LOCAL_STATES = 3000;
/** States of the search from all initial states at once, which may go as deep as the counterexample. */
const ROOT_STATES = 20_000;

/** The property a counterexample must keep violating. */
export interface ShrinkTarget {
  readonly kind: SimulatedKind;
  readonly name: string;
}

/** A candidate walked through the engine: its states, fingerprints, action indices and actors. */
interface Walked {
  readonly init: number;
  readonly states: unknown[];
  readonly fps: string[];
  readonly actions: Action[];
  readonly indices: number[];
  readonly actors: string[];
}

function actionKey(action: Action): string {
  try {
    return fingerprint(action);
  } catch {
    return JSON.stringify(action);
  }
}

/**
 * Shortens a counterexample: removes loops (a state that repeats), takes shortcuts (an earlier state with an
 * action that leads to a later state), deletes chunks of steps, until none of these shortens it; then, at that
 * length, moves single steps to lower the number of actor switches. Steps are named by their action (not its
 * index), so that a step moved or kept after a deletion means the same action. Every candidate is walked
 * through the engine from its initial state, and kept only if it is a behaviour of the model (each action
 * enabled where it is taken, every state before the last inside the constraint) that violates the target; it is
 * cut at the first state that does. The result is therefore a real behaviour, never longer than the input.
 */
export function shrinkPath(engine: StepEngine, target: ShrinkTarget, path: ReplayPath, budget = 20_000): ReplayPath {
  const inits = engine.initialStates();
  const successorCache = new Map<string, Successor[]>();
  let replays = 0;
  const successors = (state: unknown, fp: string): Successor[] => {
    let s = successorCache.get(fp);
    if (s === undefined) {
      s = engine.successors(state) as Successor[];
      if (successorCache.size > 5000) successorCache.clear();
      successorCache.set(fp, s);
    }
    return s;
  };
  const violatesAt = (w: Walked, i: number): boolean => {
    const state = w.states[i];
    switch (target.kind) {
      case 'invariant':
        return engine.violatedInvariants(state).includes(target.name);
      case 'action-invariant':
        return i > 0 && engine.violatedActionInvariants(w.states[i - 1], w.actions[i - 1] as Action, state).includes(target.name);
      case 'deadlock':
        return i === w.states.length - 1 && successors(state, w.fps[i] as string).length === 0 && engine.isDeadlock(state, 0);
    }
  };
  /** Walks `init` then `steps` (actions); undefined when not a behaviour or when it never violates the target. */
  const walk = (init: number, steps: readonly Action[]): Walked | undefined => {
    replays++;
    const first = inits[init];
    if (first === undefined) return undefined;
    const w: Walked = { init, states: [first.state], fps: [first.fingerprint], actions: [], indices: [], actors: [] };
    if (target.kind !== 'deadlock' && violatesAt(w, 0)) return w;
    for (const a of steps) {
      const state = w.states[w.states.length - 1];
      if (!engine.inside(state)) return undefined;
      const key = actionKey(a);
      const succ = successors(state, w.fps[w.fps.length - 1] as string).find((s) => actionKey(s.action) === key);
      if (succ === undefined) return undefined;
      w.states.push(succ.state);
      w.fps.push(succ.fingerprint);
      w.actions.push(succ.action);
      w.indices.push(succ.index);
      w.actors.push(succ.actor ?? NO_ACTOR);
      if (target.kind !== 'deadlock' && violatesAt(w, w.states.length - 1)) return w;
    }
    return target.kind === 'deadlock' && violatesAt(w, w.states.length - 1) ? w : undefined;
  };
  /** The path's actions, or undefined when it is not a behaviour (then it is returned as it is). */
  const rawSteps = (): Action[] | undefined => {
    const out: Action[] = [];
    let state = inits[path.init]?.state;
    for (const i of path.actions) {
      if (state === undefined) return undefined;
      const a = engine.actions(state)[i];
      if (a === undefined) return undefined;
      out.push(a);
      state = engine.step(state, a, i)?.state;
    }
    return out;
  };
  const steps = rawSteps();
  let best = steps === undefined ? undefined : walk(path.init, steps);
  if (best === undefined) return path;
  const better = (c: Walked | undefined): boolean => c !== undefined && c.actions.length < (best as Walked).actions.length;

  const removeLoop = (w: Walked): Walked | undefined => {
    const firstAt = new Map<string, number>();
    let from = -1;
    let to = -1;
    w.fps.forEach((fp, j) => {
      const i = firstAt.get(fp);
      if (i === undefined) firstAt.set(fp, j);
      else if (j - i > to - from) [from, to] = [i, j];
    });
    if (from < 0) return undefined;
    return walk(w.init, [...w.actions.slice(0, from), ...w.actions.slice(to)]);
  };
  const shortcut = (w: Walked): Walked | undefined => {
    const last = new Map<string, number>();
    w.fps.forEach((fp, j) => last.set(fp, j));
    // Another initial state equal to a later state.
    for (let k = 0; k < inits.length; k++) {
      const j = last.get((inits[k] as { fingerprint: string }).fingerprint);
      if (j !== undefined && j > 0) {
        const c = walk(k, w.actions.slice(j));
        if (better(c)) return c;
      }
    }
    for (let i = 0; i + 2 < w.states.length; i++) {
      let bestJ = -1;
      let via: Successor | undefined;
      for (const s of successors(w.states[i], w.fps[i] as string)) {
        const j = last.get(s.fingerprint);
        if (j !== undefined && j > i + 1 && j > bestJ) [bestJ, via] = [j, s];
      }
      if (via === undefined) continue;
      const c = walk(w.init, [...w.actions.slice(0, i), via.action, ...w.actions.slice(bestJ)]);
      if (better(c)) return c;
    }
    return undefined;
  };
  const deleteChunks = (w: Walked): Walked | undefined => {
    for (let size = Math.max(1, w.actions.length >> 1); size >= 1; size >>= 1) {
      for (let at = 0; at + size <= w.actions.length; at++) {
        if (replays > budget) return undefined;
        const c = walk(w.init, [...w.actions.slice(0, at), ...w.actions.slice(at + size)]);
        if (better(c)) return c;
      }
    }
    return undefined;
  };
  /**
   * A small breadth-first search (at most `radius` steps and `LOCAL_STATES` states) from each state of the
   * counterexample, for a violating state or a later state of it that is closer than along the path.
   */
  const localSearch = (w: Walked): Walked | undefined => {
    const at = new Map<string, number>();
    w.fps.forEach((fp, j) => at.set(fp, j));
    const n = w.actions.length;
    // i = -1: from every initial state at once (position 0 of the path, any `init`).
    for (let i = -1; i < n; i++) {
      if (replays > budget) return undefined;
      const roots =
        i < 0
          ? inits.map((r, k) => ({ state: r.state, fp: r.fingerprint, init: k, steps: [] as Action[] }))
          : [{ state: w.states[i], fp: w.fps[i] as string, init: w.init, steps: [] as Action[] }];
      const base = Math.max(i, 0);
      const seen = new Set<string>(roots.map((r) => r.fp));
      let frontier = roots;
      // From the initial states the search may go as deep as the counterexample (a bounded breadth-first search).
      const radius = i < 0 ? n : LOCAL_RADIUS;
      const cap = i < 0 ? ROOT_STATES : LOCAL_STATES;
      for (let k = 1; k <= radius && base + k < n && frontier.length > 0 && seen.size < cap; k++) {
        const next: typeof frontier = [];
        for (const node of frontier) {
          if (!engine.inside(node.state)) continue;
          for (const s of successors(node.state, node.fp)) {
            if (seen.has(s.fingerprint)) continue;
            seen.add(s.fingerprint);
            const steps = [...node.steps, s.action];
            const j = at.get(s.fingerprint);
            const hit =
              (j !== undefined && j > base + k) ||
              (target.kind === 'invariant' && engine.violatedInvariants(s.state).includes(target.name)) ||
              (target.kind === 'action-invariant' && engine.violatedActionInvariants(node.state, s.action, s.state).includes(target.name)) ||
              (target.kind === 'deadlock' && successors(s.state, s.fingerprint).length === 0 && engine.isDeadlock(s.state, 0));
            if (hit) {
              const c = walk(node.init, [...w.actions.slice(0, base), ...steps, ...(j !== undefined && j > base + k ? w.actions.slice(j) : [])]);
              if (better(c)) return c;
            }
            next.push({ state: s.state, fp: s.fingerprint, init: node.init, steps });
          }
        }
        frontier = next;
      }
    }
    return undefined;
  };
  for (let changed = true; changed && replays < budget; ) {
    changed = false;
    for (const step of [removeLoop, shortcut, deleteChunks, localSearch]) {
      const c = step(best);
      if (better(c)) {
        best = c as Walked;
        changed = true;
        break;
      }
    }
  }
  // Fewer actor switches at the same length: move one step elsewhere, while that lowers the count.
  for (let changed = best.actions.length <= 80; changed && replays < budget; ) {
    changed = false;
    const n = best.actions.length;
    const now = switchesOf(best.actors);
    for (let i = 0; i < n && !changed; i++) {
      for (let j = 0; j < n && !changed; j++) {
        if (i === j) continue;
        const steps = [...best.actions];
        const [moved] = steps.splice(i, 1);
        steps.splice(j, 0, moved as Action);
        const c = walk(best.init, steps);
        if (c !== undefined && c.actions.length <= n && (c.actions.length < n || switchesOf(c.actors) < now)) {
          best = c;
          changed = true;
        }
      }
    }
  }
  return { init: best.init, actions: best.indices };
}
