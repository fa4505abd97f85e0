import type { Action, AnyModel, Params } from '../model/types';

/** The lane of actions that name no actor, in trace views. */
export const NO_ACTOR = 'system';

/** Who takes `action`: its own `actor`, else what the model maps it to, else `undefined`. */
export function actorOf(action: Action, model: AnyModel | undefined, params: Params): string | undefined {
  if (typeof action.actor === 'string') return action.actor;
  const mapped = model?.actor?.(action, params);
  return typeof mapped === 'string' ? mapped : undefined;
}
