import type { Action, Model, ModelDefinition, ParamsOf } from './types';

/**
 * Declares a model. A model file default-exports the result:
 *
 *   export default defineModel({ name, params, init, actions, next, invariants });
 *
 * The definition is validated when the model is checked, so that errors name the file it came from.
 */
export function defineModel<S, A extends Action, P extends ParamsOf<P>>(definition: ModelDefinition<S, A, P>): Model<S, A, P> {
  return Object.freeze({ ...definition, __interleaveModel: 1 as const });
}
