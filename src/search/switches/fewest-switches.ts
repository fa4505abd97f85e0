import type { StepEngine } from '../../engine/step-engine';
import type { ReplayPath } from '../../engine/replay';
import type { SwitchTarget } from './target';
import { NO_ACTOR } from '../../graph/actor';
import { matches, violationsOfStep } from './target';

/** How a (state, last actor) pair was reached with its fewest switches. */
interface Entry {
  readonly fp: string;
  readonly actor: string | null;
  readonly switches: number;
  readonly parent: Entry | undefined;
  /** The action index from the parent, or the initial state's index for a root. */
  readonly index: number;
}

export interface FewestSwitchesOutcome {
  /** The counterexample: a shortest one with the fewest actor switches among the shortest. */
  readonly path: ReplayPath;
  readonly switches: number;
  /** States expanded and (state, last actor) pairs kept: the cost of this search. */
  readonly expanded: number;
  readonly pairs: number;
}

function pathOf(entry: Entry): ReplayPath {
  const actions: number[] = [];
  let e: Entry = entry;
  while (e.parent !== undefined) {
    actions.push(e.index);
    e = e.parent;
  }
  return { init: e.index, actions: actions.reverse() };
}

/**
 * Among the shortest counterexamples to `target`, one with the fewest changes of actor between consecutive
 * steps. Exact: a breadth-first search by levels that keeps, for each state at its shortest distance, the
 * fewest switches with which it is reached and the last actors that achieve it (a pair with more switches is
 * dominated: switching from the best pair costs at most one more). Every state on a shortest counterexample
 * is at its shortest distance, so the search reaches the target's level with every candidate. Returns
 * undefined when no state violates the target (within `maxDepth` states).
 */
export function fewestSwitches(engine: StepEngine, target: SwitchTarget, maxDepth = Infinity): FewestSwitchesOutcome | undefined {
  const depthOf = new Map<string, number>();
  let layer = new Map<string, { state: unknown; entries: Entry[] }>();
  engine.initialStates().forEach((init, index) => {
    if (layer.has(init.fingerprint)) return;
    depthOf.set(init.fingerprint, 0);
    layer.set(init.fingerprint, { state: init.state, entries: [{ fp: init.fingerprint, actor: null, switches: 0, parent: undefined, index }] });
  });
  let expanded = 0;
  let pairs = layer.size;
  let best: Entry | undefined;
  // Invariants violated by an initial state.
  for (const { state, entries } of layer.values()) {
    if (target.kind === 'invariant' && engine.violatedInvariants(state).includes(target.name)) best ??= entries[0];
  }
  for (let depth = 0; best === undefined && layer.size > 0 && depth + 1 < maxDepth; depth++) {
    const next = new Map<string, { state: unknown; entries: Entry[] }>();
    for (const { state, entries } of layer.values()) {
      if (!engine.inside(state)) continue;
      const successors = engine.successors(state);
      expanded++;
      if (successors.length === 0 && target.kind === 'deadlock' && engine.isDeadlock(state, 0)) {
        // A deadlock at this level: the level before the next; the fewest switches among them.
        for (const e of entries) if (best === undefined || e.switches < best.switches) best = e;
        continue;
      }
      for (const s of successors) {
        const actor = s.actor ?? NO_ACTOR;
        const hit = target.kind !== 'deadlock' && violationsOfStep(engine, state, s).some((v) => matches(target, v));
        const seenAt = depthOf.get(s.fingerprint);
        // A step that violates an action invariant counts even into a state seen before.
        if (seenAt !== undefined && seenAt <= depth) {
          if (hit && target.kind === 'action-invariant') {
            for (const e of entries) {
              const switches = e.switches + (e.actor !== null && e.actor !== actor ? 1 : 0);
              if (best === undefined || switches < best.switches) best = { fp: s.fingerprint, actor, switches, parent: e, index: s.index };
            }
          }
          continue;
        }
        depthOf.set(s.fingerprint, depth + 1);
        let slot = next.get(s.fingerprint);
        for (const e of entries) {
          const switches = e.switches + (e.actor !== null && e.actor !== actor ? 1 : 0);
          const candidate: Entry = { fp: s.fingerprint, actor, switches, parent: e, index: s.index };
          if (hit) {
            if (best === undefined || switches < best.switches) best = candidate;
            // An action invariant belongs to the step: the same state reached otherwise may not violate it.
            if (target.kind === 'action-invariant') continue;
          }
          if (slot === undefined) {
            slot = { state: s.state, entries: [] };
            next.set(s.fingerprint, slot);
          }
          const least = slot.entries[0]?.switches ?? Infinity;
          if (switches < least) slot.entries = [candidate];
          else if (switches === least && !slot.entries.some((x) => x.actor === actor)) slot.entries.push(candidate);
        }
      }
    }
    if (best !== undefined && target.kind === 'deadlock') break;
    for (const slot of next.values()) pairs += slot.entries.length;
    layer = next;
  }
  if (best === undefined) return undefined;
  return { path: pathOf(best), switches: best.switches, expanded, pairs };
}
