import type { Action, AnyModel, Params } from '../model/types';
import { StepEngine } from '../engine/step-engine';

/**
 * The engine validation drives: no properties are checked (a log is judged by whether the model can take it,
 * not by what holds along it) and no symmetry (records name particular tasks, buckets, ...).
 */
export function validationEngine(model: AnyModel, params: Params): StepEngine<unknown, Action> {
  return new StepEngine<unknown, Action>(model, params, { invariants: [], actionInvariants: [], reachable: [], deadlock: false, symmetry: false });
}
