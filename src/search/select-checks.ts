import type { AnyModel } from '../model/types';
import type { EngineChecks } from '../engine/step-engine';
import { InterleaveError } from '../errors/interleave-error';

/**
 * What a search asks the engine to check: every invariant and action invariant, or the
 * ones named (IL104 for a name the model lacks); all `reachable` properties; deadlocks as the model says unless
 * overridden. Temporal properties are returned apart: walks do not check them.
 */
export function selectChecks(
  model: AnyModel,
  selected: readonly string[] | undefined,
  deadlock: boolean | undefined,
  symmetry: boolean,
): { checks: EngineChecks; temporal: string[] } {
  const invariants = Object.keys(model.invariants);
  const actionInvariants = Object.keys(model.actionInvariants ?? {});
  const temporal = Object.keys(model.properties ?? {});
  if (selected !== undefined) {
    const known = new Set([...invariants, ...actionInvariants, ...temporal]);
    for (const name of selected) {
      if (!known.has(name)) {
        throw new InterleaveError({
          code: 'IL104',
          message: `Unknown invariant or property "${name}" for model ${model.name}.`,
          hint: known.size ? `Its invariants and properties are: ${[...known].join(', ')}.` : 'The model declares no invariants or properties.',
        });
      }
    }
  }
  const keep = (names: string[]): string[] => (selected ? names.filter((n) => selected.includes(n)) : names);
  return {
    checks: {
      invariants: keep(invariants),
      actionInvariants: keep(actionInvariants),
      reachable: Object.keys(model.reachable ?? {}),
      deadlock: deadlock ?? model.deadlock ?? true,
      symmetry,
    },
    temporal: keep(temporal),
  };
}
