import type { StepEngine, Successor } from '../../engine/step-engine';
import type { ReplayPath } from '../../engine/replay';

/** What a switch-aware search looks for: one named property, or any checked one. */
export interface SwitchTarget {
  readonly kind: 'invariant' | 'action-invariant' | 'deadlock';
  readonly name: string;
}

/** The checked properties a step `from --step--> step.state` violates (invariants of the new state, action invariants of the step). */
export function violationsOfStep(engine: StepEngine, from: unknown, step: Successor): SwitchTarget[] {
  return [
    ...engine.violatedActionInvariants(from, step.action, step.state).map((name) => ({ kind: 'action-invariant' as const, name })),
    ...engine.violatedInvariants(step.state).map((name) => ({ kind: 'invariant' as const, name })),
  ];
}

/** The key of a target in a search's outcome: `deadlock`, or the property's kind and name (`invariant:NAME`). */
export function targetKey(t: SwitchTarget): string {
  return t.kind === 'deadlock' ? 'deadlock' : `${t.kind}:${t.name}`;
}

/** Whether `found` is `target` (any property when `target` is undefined). */
export function matches(target: SwitchTarget | undefined, found: SwitchTarget): boolean {
  return target === undefined || (target.kind === found.kind && (target.kind === 'deadlock' || target.name === found.name));
}

/** A node of a search tree: the action index from its parent, or the initial state's index for a root. */
export interface PathNode {
  readonly parent: PathNode | undefined;
  readonly index: number;
}

/** The path from the root to `node`, for `replay`. */
export function pathOf(node: PathNode): ReplayPath {
  const actions: number[] = [];
  let n: PathNode = node;
  while (n.parent !== undefined) {
    actions.push(n.index);
    n = n.parent;
  }
  return { init: n.index, actions: actions.reverse() };
}
