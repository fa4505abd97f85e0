import type { StepEngine, Successor } from '../../engine/step-engine';

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

/** Whether `found` is `target` (any property when `target` is undefined). */
export function matches(target: SwitchTarget | undefined, found: SwitchTarget): boolean {
  return target === undefined || (target.kind === found.kind && (target.kind === 'deadlock' || target.name === found.name));
}
