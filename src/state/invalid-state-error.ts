import type { Action } from '../model/types';
import { InterleaveError } from '../errors/interleave-error';
import { describeInvalid } from './describe-invalid';

const PLAIN_VALUES = 'States are plain values: objects, arrays, strings, finite numbers, booleans, null, Sets and Maps (docs/values.md).';

/** The action as JSON; of an action too deep for JSON.stringify's recursion, its type. */
function actionText(action: Action): string {
  try {
    return JSON.stringify(action) ?? String(action);
  } catch {
    return `{"type":${JSON.stringify(action.type)},...}`;
  }
}

/** IL302 for a state that init() (no action) or next() for `action` produced and that breaks the value rules. */
export function invalidStateError(modelName: string, state: unknown, action: Action | undefined): InterleaveError {
  const bad = describeInvalid(state);
  const source = action !== undefined ? `next() for action ${actionText(action)}` : 'init()';
  return new InterleaveError({
    code: 'IL302',
    message: `Model ${modelName}: ${source} produced a state that holds a value states may not hold: at ${bad?.path ?? '$'} there is ${bad?.problem ?? 'an unsupported value'}.`,
    hint: bad?.hint ?? PLAIN_VALUES,
    ...(bad ? { path: bad.path } : {}),
    ...(action !== undefined ? { action } : {}),
  });
}
