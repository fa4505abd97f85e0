import type { StepEngine } from '../../engine/step-engine';
import type { ReplayPath } from '../../engine/replay';
import type { SwitchTarget } from './target';
import { NO_ACTOR } from '../../graph/actor';
import { matches, pathOf, violationsOfStep } from './target';

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
  /** States the search expanded (for every target together): its cost. */
  readonly expanded: number;
}

/** The key of a target in the outcome: `deadlock`, or the property's name. */
export function targetKey(t: SwitchTarget): string {
  return t.kind === 'deadlock' ? 'deadlock' : `${t.kind}:${t.name}`;
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
  let layer = new Map<string, { state: unknown; entries: Entry[] }>();
  engine.initialStates().forEach((init, index) => {
    if (layer.has(init.fingerprint)) return;
    depthOf.set(init.fingerprint, 0);
    layer.set(init.fingerprint, { state: init.state, entries: [{ fp: init.fingerprint, actor: null, switches: 0, parent: undefined, index }] });
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
  for (const { state, entries } of layer.values()) {
    for (const name of engine.violatedInvariants(state)) offer({ kind: 'invariant', name }, entries[0] as Entry);
  }
  for (let depth = 0; layer.size > 0 && depth < maxDepth; depth++) {
    // Targets found at the previous level are settled: a later level is longer.
    for (const key of best.keys()) done.add(key);
    if (done.size >= targets.length) break;
    const next = new Map<string, { state: unknown; entries: Entry[] }>();
    for (const { state, entries } of layer.values()) {
      if (!engine.inside(state)) continue;
      const successors = engine.successors(state);
      expanded++;
      if (successors.length === 0 && engine.isDeadlock(state, 0)) {
        for (const e of entries) offer({ kind: 'deadlock', name: 'deadlock' }, e);
        continue;
      }
      for (const s of successors) {
        const actor = s.actor ?? NO_ACTOR;
        const found = violationsOfStep(engine, state, s);
        const seenAt = depthOf.get(s.fingerprint);
        const candidates = entries.map((e): Entry => ({ fp: s.fingerprint, actor, switches: e.switches + (e.actor !== null && e.actor !== actor ? 1 : 0), parent: e, index: s.index }));
        // A step that violates an action invariant counts even into a state seen before.
        for (const f of found) if (f.kind === 'action-invariant' || seenAt === undefined || seenAt > depth) for (const c of candidates) offer(f, c);
        if (seenAt !== undefined && seenAt <= depth) continue;
        depthOf.set(s.fingerprint, depth + 1);
        let slot = next.get(s.fingerprint);
        if (slot === undefined) {
          slot = { state: s.state, entries: [] };
          next.set(s.fingerprint, slot);
        }
        for (const c of candidates) {
          const least = slot.entries[0]?.switches ?? Infinity;
          if (c.switches < least) slot.entries = [c];
          else if (c.switches === least && !slot.entries.some((x) => x.actor === actor)) slot.entries.push(c);
        }
      }
    }
    layer = next;
  }
  const out = new Map<string, FewestSwitchesOutcome>();
  for (const [key, e] of best) out.set(key, { path: pathOf(e), switches: e.switches, expanded });
  return out;
}
