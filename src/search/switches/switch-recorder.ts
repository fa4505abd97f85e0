import type { Action } from '../../model/types';
import type { ReplayPath } from '../../engine/replay';
import type { StepEngine } from '../../engine/step-engine';
import { NO_ACTOR } from '../../graph/actor';

/** Actors a recorder tells apart: one bit each in a state's mask. */
const ACTORS = 32;

/** A counterexample to a property, as the search met it: a stored state, or a step (to a state not stored). */
type Candidate = { readonly state: number } | { readonly parent: number; readonly a: number; readonly actor: number };

/** The counterexample with the fewest switches to one property. */
export interface FewestSwitchesPath {
  readonly path: ReplayPath;
  readonly switches: number;
  /** False when the search stopped (at a bound, or interrupted) before the level of the counterexample was finished. */
  readonly exact: boolean;
}

/**
 * Kept by a breadth-first search on one thread (`--fewest-switches`): for each stored state, the fewest actor
 * switches of the shortest paths to it (m), the set of last actors achieving them (a bit mask) and, per actor of
 * that set, a predecessor at the level before with the action taken. A path that ends with another actor is
 * dominated: continuing with actor x from a state p costs m(p) switches if x is in p's set, m(p) + 1 otherwise,
 * which is never more than continuing from any other path to p. Only steps from one level to the next count (a
 * state's shortest paths come from the level before it). An initial state's set holds every actor: its first
 * step is no switch.
 *
 * The counterexamples to a property are collected for the whole level where it is first broken, so that the one
 * with the fewest switches is among them; `bound` is the fewest switches of those found so far (an upper bound:
 * a stored state's count may still fall while its level is expanded). A search that stops at the first
 * counterexample finishes the level instead (`LevelExpander`), skipping the states with `m >= bound` and, from
 * those with `m == bound - 1`, the steps of actors not in their set: neither can do better.
 */
export class SwitchRecorder {
  private level = new Int32Array(1024);
  private m = new Int32Array(1024);
  private mask = new Int32Array(1024);
  private via = new Int32Array(1024);
  private viaAction = new Int32Array(1024);
  private viaActor = new Uint8Array(1024);
  /** Per (state, actor) of its set other than `viaActor`: [predecessor, action index], keyed `state * 32 + actor`. */
  private readonly extra = new Map<number, readonly [number, number]>();
  private readonly actorIds = new Map<string | undefined, number>();
  /** More than 32 actors: the masks cannot hold them and the recorder has stopped (see `valid`). */
  private overflowed = false;
  /** The level being expanded: its states' successors are at `expanding + 1`. */
  private expanding = -1;
  private readonly found = new Map<string, { readonly level: number; readonly candidates: Candidate[] }>();
  /** The fewest switches among the counterexamples found so far (see the class comment). */
  bound = Infinity;
  /** States expanded after the first counterexample was found, and states skipped then. */
  expandedAfter = 0;
  skippedAfter = 0;

  constructor(private readonly engine: StepEngine) {}

  get valid(): boolean {
    return !this.overflowed;
  }

  /** A level begins: its states are expanded, their successors are on the next one. */
  beginLevel(): void {
    this.expanding++;
  }

  /** Whether `key` (see `targetKey`) was first broken in the level being expanded: its counterexamples are still collected. */
  collecting(key: string): boolean {
    const f = this.found.get(key);
    return f !== undefined && f.level === this.expanding;
  }

  /** A new state, stored with `parent` (-1 for an initial state, then `a` is its index among them). */
  stored(id: number, parent: number, a: number): void {
    if (id >= this.m.length) this.grow(id + 1);
    if (parent < 0) {
      this.level[id] = 0;
      this.m[id] = 0;
      this.mask[id] = -1;
      this.via[id] = -1;
      this.viaAction[id] = a;
      return;
    }
    this.level[id] = (this.level[parent] as number) + 1;
    this.m[id] = -1;
  }

  /** The actor of `action` as a bit number, or -1 once there are more than 32. */
  actorOf(action: Action): number {
    const name = this.engine.actorOf(action) ?? NO_ACTOR;
    let id = this.actorIds.get(name);
    if (id === undefined) {
      id = this.actorIds.size;
      this.actorIds.set(name, id);
      if (id >= ACTORS) this.overflowed = true;
    }
    return this.overflowed ? -1 : id;
  }

  /** The switches of a path to `parent` (ending as cheaply as it can) followed by a step of `actor`. */
  private costFrom(parent: number, actor: number): number {
    return (this.m[parent] as number) + (((this.mask[parent] as number) >>> actor) & 1 ? 0 : 1);
  }

  /** A step from `parent` to the stored state `target` by action index `a`. */
  step(parent: number, target: number, a: number, action: Action): void {
    if (parent < 0 || this.level[target] !== (this.level[parent] as number) + 1) return;
    const x = this.actorOf(action);
    if (x < 0) return;
    const c = this.costFrom(parent, x);
    const old = this.m[target] as number;
    const bit = 1 << x;
    if (old < 0 || c < old) {
      if (old >= 0) this.forgetExtra(target);
      this.m[target] = c;
      this.mask[target] = bit;
      this.via[target] = parent;
      this.viaAction[target] = a;
      this.viaActor[target] = x;
    } else if (c === old && ((this.mask[target] as number) & bit) === 0) {
      this.mask[target] = (this.mask[target] as number) | bit;
      this.extra.set(target * ACTORS + x, [parent, a]);
    }
  }

  private forgetExtra(target: number): void {
    const mask = this.mask[target] as number;
    const primary = this.viaActor[target] as number;
    for (let x = 0; x < ACTORS; x++) if (x !== primary && (mask >>> x) & 1) this.extra.delete(target * ACTORS + x);
  }

  /** Whether the expansion of a state with id `id` may still find a counterexample with fewer switches than `bound`. */
  worthExpanding(id: number): boolean {
    return (this.m[id] as number) < this.bound;
  }

  /** From the state `id`, whether only the steps of actors in its set can do better than `bound` (see the class comment). */
  onlyOwnActors(id: number): boolean {
    return (this.m[id] as number) === this.bound - 1;
  }

  /** Whether a step of `action` from `id` keeps its switches (its actor is in `id`'s set). */
  keepsActor(id: number, action: Action): boolean {
    const x = this.actorOf(action);
    return x >= 0 && (((this.mask[id] as number) >>> x) & 1) === 1;
  }

  /**
   * A counterexample to `key`: the stored state `state` (an invariant broken there, a deadlock), or the step
   * from `parent` by action index `a` (an action invariant, or an invariant of a state outside the constraint).
   * Returns whether it is the property's first.
   */
  counterexample(key: string, at: { readonly state: number } | { readonly parent: number; readonly a: number; readonly action: Action | undefined }): boolean {
    let c: Candidate;
    let cost: number;
    if ('state' in at) {
      c = at;
      cost = this.m[at.state] as number;
    } else if (at.parent < 0 || at.action === undefined) {
      // An initial state outside the constraint: no step.
      c = { parent: -1, a: at.a, actor: 0 };
      cost = 0;
    } else {
      const actor = this.actorOf(at.action);
      c = { parent: at.parent, a: at.a, actor };
      cost = actor < 0 ? Infinity : this.costFrom(at.parent, actor);
    }
    const f = this.found.get(key);
    if (f !== undefined) {
      // Only the level where it was first broken has shortest counterexamples.
      if (f.level !== this.expanding) return false;
      f.candidates.push(c);
      if (cost < this.bound) this.bound = cost;
      return false;
    }
    if (cost < this.bound) this.bound = cost;
    this.found.set(key, { level: this.expanding, candidates: [c] });
    return true;
  }

  /**
   * Per property broken (by `targetKey`), the counterexample with the fewest switches among those collected.
   * `cut`: the search stopped before it finished the level being expanded (a bound, an interrupt).
   */
  fewest(cut: boolean): Map<string, FewestSwitchesPath> {
    const out = new Map<string, FewestSwitchesPath>();
    for (const [key, { level, candidates }] of this.found) {
      let best: { path: ReplayPath; switches: number } | undefined;
      for (const c of candidates) {
        const found = this.pathOf(c);
        if (best === undefined || found.switches < best.switches) best = found;
      }
      if (best !== undefined) out.set(key, { ...best, exact: !(cut && level === this.expanding) });
    }
    return out;
  }

  private pathOf(c: Candidate): { path: ReplayPath; switches: number } {
    if ('state' in c) return { path: this.pathTo(c.state, -1), switches: this.m[c.state] as number };
    if (c.parent < 0) return { path: { init: c.a, actions: [] }, switches: 0 };
    const inSet = ((this.mask[c.parent] as number) >>> c.actor) & 1;
    const to = this.pathTo(c.parent, inSet ? c.actor : -1);
    return { path: { init: to.init, actions: [...to.actions, c.a] }, switches: this.costFrom(c.parent, c.actor) };
  }

  /** A path to `id` with its fewest switches, ending with a step of `actor` (in its set), or of any actor with -1. */
  private pathTo(id: number, actor: number): ReplayPath {
    const actions: number[] = [];
    let at = id;
    let want = actor;
    while ((this.via[at] as number) >= 0) {
      let parent = this.via[at] as number;
      let a = this.viaAction[at] as number;
      let x = this.viaActor[at] as number;
      if (want >= 0 && want !== x) {
        const e = this.extra.get(at * ACTORS + want) as readonly [number, number];
        [parent, a] = e;
        x = want;
      }
      actions.push(a);
      want = ((this.mask[parent] as number) >>> x) & 1 ? x : -1;
      at = parent;
    }
    return { init: this.viaAction[at] as number, actions: actions.reverse() };
  }

  private grow(need: number): void {
    let n = this.m.length * 2;
    while (n < need) n *= 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = (a instanceof Int32Array ? new Int32Array(n) : new Uint8Array(n)) as T;
      b.set(a);
      return b;
    };
    this.level = widen(this.level);
    this.m = widen(this.m);
    this.mask = widen(this.mask);
    this.via = widen(this.via);
    this.viaAction = widen(this.viaAction);
    this.viaActor = widen(this.viaActor);
  }
}
