import type { Action, AnyModel, Params } from '../model/types';

/**
 * The model's invariants that are false in `state`. An invariant that throws counts as failing (with the
 * mark `(threw)`): a graph is a picture of a run, so it shows the failure instead of stopping.
 */
export function failingInvariants(model: AnyModel, state: unknown, params: Params): string[] {
  const out: string[] = [];
  for (const [name, predicate] of Object.entries(model.invariants)) {
    try {
      if (!predicate(state, params)) out.push(name);
    } catch {
      out.push(`${name} (threw)`);
    }
  }
  return out;
}

/** The model's action invariants that are false for the step `from --action--> to`. */
export function failingActionInvariants(model: AnyModel, from: unknown, action: Action, to: unknown, params: Params): string[] {
  const out: string[] = [];
  for (const [name, predicate] of Object.entries(model.actionInvariants ?? {})) {
    try {
      if (!predicate(from, action, to, params)) out.push(name);
    } catch {
      out.push(`${name} (threw)`);
    }
  }
  return out;
}

/** The model's default params overridden by `params`. */
export function effectiveParams(model: AnyModel | undefined, params: Partial<Params> | undefined): Params {
  return { ...(model?.params ?? {}), ...(params ?? {}) } as Params;
}
