import type { StepEngine } from '../../engine/step-engine';
import type { ReplayPath } from '../../engine/replay';
import type { SwitchTarget } from './target';
import { NO_ACTOR } from '../../graph/actor';
import { pathOf, violationsOfStep } from './target';

interface Node {
  readonly state: unknown;
  readonly fp: string;
  readonly actor: string | null;
  readonly switches: number;
  readonly parent: Node | undefined;
  readonly index: number;
}

export interface BoundedViolation extends SwitchTarget {
  readonly path: ReplayPath;
  readonly switches: number;
}

export interface MaxSwitchesOutcome {
  readonly maxSwitches: number;
  /** Every checked property holds on every behaviour with at most `maxSwitches` switches (none found). */
  readonly violations: readonly BoundedViolation[];
  readonly distinctStates: number;
  /** (state, last actor, switches) triples expanded. */
  readonly expanded: number;
  /** Steps of the longest behaviour explored. */
  readonly depth: number;
  /** Stopped at `maxStates` distinct states before the bounded space was exhausted. */
  readonly incomplete: boolean;
}

/**
 * Explores only the behaviours with at most `maxSwitches` changes of actor between consecutive steps
 * (context bounding, as Musuvathi and Qadeer's CHESS): breadth-first over (state, last actor, switches),
 * skipping a triple when the same state and last actor were reached with no more switches. So the first
 * violation found of each property is a shortest one among the bounded behaviours. With `continue` false it
 * stops at the first violation.
 */
export function maxSwitchesSearch(
  engine: StepEngine,
  maxSwitches: number,
  options: { continue?: boolean; maxStates?: number } = {},
): MaxSwitchesOutcome {
  const best = new Map<string, number>();
  const distinct = new Set<string>();
  const violations: BoundedViolation[] = [];
  const found = new Set<string>();
  const report = (v: SwitchTarget, node: Node): boolean => {
    const key = `${v.kind}:${v.name}`;
    if (found.has(key)) return false;
    found.add(key);
    violations.push({ ...v, path: pathOf(node), switches: node.switches });
    return !options.continue;
  };
  let frontier: Node[] = [];
  engine.initialStates().forEach((init, index) => {
    const key = `${init.fingerprint}|`;
    if (best.has(key)) return;
    best.set(key, 0);
    distinct.add(init.fingerprint);
    frontier.push({ state: init.state, fp: init.fingerprint, actor: null, switches: 0, parent: undefined, index });
  });
  let stop = false;
  for (const n of frontier) for (const name of engine.violatedInvariants(n.state)) stop ||= report({ kind: 'invariant', name }, n);
  let expanded = 0;
  let depth = 0;
  let incomplete = false;
  while (!stop && frontier.length > 0) {
    const next: Node[] = [];
    for (const node of frontier) {
      if (stop) break;
      if (!engine.inside(node.state)) continue;
      const successors = engine.successors(node.state);
      expanded++;
      if (successors.length === 0) {
        if (engine.isDeadlock(node.state, 0)) stop ||= report({ kind: 'deadlock', name: 'deadlock' }, node);
        continue;
      }
      for (const s of successors) {
        const actor = s.actor ?? NO_ACTOR;
        const switches = node.switches + (node.actor !== null && node.actor !== actor ? 1 : 0);
        if (switches > maxSwitches) continue;
        const key = `${s.fingerprint}|${actor}`;
        const before = best.get(key);
        if (before !== undefined && before <= switches) continue;
        best.set(key, switches);
        distinct.add(s.fingerprint);
        const child: Node = { state: s.state, fp: s.fingerprint, actor, switches, parent: node, index: s.index };
        for (const v of violationsOfStep(engine, node.state, s)) if (report(v, child)) stop = true;
        if (stop) break;
        next.push(child);
      }
      if (options.maxStates !== undefined && distinct.size >= options.maxStates) {
        incomplete = true;
        stop = true;
      }
    }
    if (next.length > 0) depth++;
    frontier = next;
  }
  return { maxSwitches, violations, distinctStates: distinct.size, expanded, depth, incomplete };
}
