import type { StepEngine, Successor } from '../../engine/step-engine';
import type { Action } from '../../model/types';
import type { ReplayPath } from '../../engine/replay';
import type { SwitchTarget } from './target';
import { NO_ACTOR } from '../../graph/actor';
import { matches, pathOf, targetKey } from './target';

/** How a (state, last actor) pair was reached with its fewest switches. */
interface Entry {
  readonly fp: string;
  readonly actor: string | null;
  readonly switches: number;
  readonly parent: Entry | undefined;
  /** The action index from the parent, or the initial state's index for a root. */
  readonly index: number;
}

/** A state of the current level: its entries (one per last actor, all with its fewest switches) and the invariants it violates. */
interface Slot {
  readonly state: unknown;
  entries: Entry[];
  readonly invariants: readonly string[];
}

export interface FewestSwitchesOutcome {
  /** The counterexample: a shortest one with the fewest actor switches among the shortest. */
  readonly path: ReplayPath;
  readonly switches: number;
  /** States the search expanded (for every target together): its cost. */
  readonly expanded: number;
}

/**
 * Among the shortest counterexamples to each target, one with the fewest changes of actor between consecutive
 * steps. Exact: a breadth-first search by levels that keeps, for each state at its shortest distance, the
 * fewest switches with which it is reached and the last actors that achieve it (a pair with more switches is
 * dominated: switching from the best pair costs at most one more). Every state on a shortest counterexample
 * is at its shortest distance, so the search reaches each target's level with every candidate. One search
 * serves every target; it stops at the level of the deepest one (or once it has looked at `maxDepth` + 1 states deep). A target that
 * no state violates is missing from the result. The engine must check the targets' properties.
 */
export function fewestSwitches(engine: StepEngine, targets: readonly SwitchTarget[], maxDepth = Infinity): Map<string, FewestSwitchesOutcome> {
  const depthOf = new Map<string, number>();
  let layer = new Map<string, Slot>();
  engine.initialStates().forEach((init, index) => {
    if (layer.has(init.fingerprint)) return;
    depthOf.set(init.fingerprint, 0);
    layer.set(init.fingerprint, { state: init.state, entries: [{ fp: init.fingerprint, actor: null, switches: 0, parent: undefined, index }], invariants: [] });
  });
  let expanded = 0;
  const best = new Map<string, Entry>();
  const done = new Set<string>();
  const offer = (found: SwitchTarget, e: Entry): void => {
    const key = targetKey(found);
    if (done.has(key) || !targets.some((t) => matches(t, found))) return;
    const b = best.get(key);
    if (b === undefined || e.switches < b.switches) best.set(key, e);
  };
  const wantsActionInvariants = targets.some((t) => t.kind === 'action-invariant');
  for (const { state, entries } of layer.values()) {
    for (const name of engine.violatedInvariants(state)) offer({ kind: 'invariant', name }, entries[0] as Entry);
  }
  for (let depth = 0; layer.size > 0 && depth < maxDepth; depth++) {
    // Targets found at the previous level are settled: a later level is longer.
    for (const key of best.keys()) done.add(key);
    if (done.size >= targets.length) break;
    const next = new Map<string, Slot>();
    for (const [fp, { state, entries }] of layer) {
      if (!engine.inside(state)) continue;
      // Step by step with the parent's fingerprint known (`successors` would hash the parent twice more).
      const actions = engine.actions(state);
      const successors: Successor[] = [];
      for (let index = 0; index < actions.length; index++) {
        const s = engine.step(state, actions[index] as Action, index, fp);
        if (s !== undefined) successors.push(s);
      }
      expanded++;
      if (successors.length === 0 && engine.isDeadlock(state, 0)) {
        for (const e of entries) offer({ kind: 'deadlock', name: 'deadlock' }, e);
        continue;
      }
      // The parent's entries all have its fewest switches; the one ending with the same actor costs none more.
      const least = (entries[0] as Entry).switches;
      for (const s of successors) {
        const actor = s.actor ?? NO_ACTOR;
        const seenAt = depthOf.get(s.fingerprint);
        const onShortest = seenAt === undefined || seenAt > depth;
        // A state reached before, at its shortest distance, needs no entry; only an action invariant of this step can count.
        if (!onShortest && !wantsActionInvariants) continue;
        const via = entries.find((e) => e.actor === null || e.actor === actor);
        const entry: Entry = { fp: s.fingerprint, actor, switches: via !== undefined ? least : least + 1, parent: via ?? (entries[0] as Entry), index: s.index };
        if (wantsActionInvariants) for (const name of engine.violatedActionInvariants(state, s.action, s.state)) offer({ kind: 'action-invariant', name }, entry);
        if (!onShortest) continue;
        let slot = next.get(s.fingerprint);
        if (slot === undefined) {
          depthOf.set(s.fingerprint, depth + 1);
          // A state's invariants are checked once, when it is first reached.
          slot = { state: s.state, entries: [], invariants: engine.violatedInvariants(s.state) };
          next.set(s.fingerprint, slot);
        }
        for (const name of slot.invariants) offer({ kind: 'invariant', name }, entry);
        const slotLeast = slot.entries[0]?.switches ?? Infinity;
        if (entry.switches < slotLeast) slot.entries = [entry];
        else if (entry.switches === slotLeast && !slot.entries.some((x) => x.actor === actor)) slot.entries.push(entry);
      }
    }
    layer = next;
  }
  const out = new Map<string, FewestSwitchesOutcome>();
  for (const [key, e] of best) out.set(key, { path: pathOf(e), switches: e.switches, expanded });
  return out;
}
