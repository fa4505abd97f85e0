import type { RawFailure } from './search-outcome';
import type { AnyModel } from '../model/types';
import { InterleaveError } from '../errors/interleave-error';
import { describeInvalid } from '../state/describe-invalid';
import { invalidStateError } from '../state/invalid-state-error';

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const frame = error.stack?.split('\n').find((l) => /^\s+at /.test(l) && !l.includes('node_modules') && !l.includes('/src/check/') && !l.includes('/src/engine/') && !l.includes('/src/search/'));
    return `${error.name}: ${error.message}${frame ? ` (${frame.trim().replace(/^at /, 'at ')})` : ''}`;
  }
  return String(error);
}

function actionText(action: unknown): string {
  return JSON.stringify(action) ?? String(action);
}

/** Turns a failure of the model during the search into a coded error whose message names where it happened. */
export function describeFailure(model: AnyModel, failure: RawFailure): InterleaveError {
  const action = failure.action;
  const actionInfo = action !== undefined ? { action } : {};
  switch (failure.phase) {
    case 'value':
      return invalidStateError(model.name, failure.error, action);
    case 'symmetry':
      if (failure.error instanceof Error) {
        return new InterleaveError({ code: 'IL301', message: `Model ${model.name}: symmetry() threw ${errorText(failure.error)} on the last state of the trace${action !== undefined ? ` or its successor by ${actionText(action)}` : ''}.`, ...actionInfo });
      } else {
        const bad = describeInvalid(failure.error);
        return new InterleaveError({
          code: 'IL302',
          message: `Model ${model.name}: symmetry() returned a representative that holds a value states may not hold: at ${bad?.path ?? '$'} there is ${bad?.problem ?? 'an unsupported value'}.`,
          ...(bad?.hint ? { hint: bad.hint } : {}),
          ...(bad ? { path: bad.path } : {}),
          ...actionInfo,
        });
      }
    case 'mutation': {
      const who = failure.error === 'actions' ? 'actions()' : failure.error === 'next' ? `next() for action ${actionText(action)}` : 'actions() or next()';
      return new InterleaveError({
        code: 'IL304',
        message: `Model ${model.name}: ${who} changed the state it was given (the last state of the trace) instead of leaving it as it was${failure.error === undefined ? ' (found by hashing the state again after its successors were computed; calling them again did not show which)' : ''}. Parts of states are shared between states, so the search cannot go on.`,
        hint: 'Return new states and leave the given one unchanged: update with immer (produce) or with spreads, e.g. { ...s, done: new Set([...s.done, id]) } rather than s.done.add(id).',
        ...actionInfo,
      });
    }
    case 'nondeterministic':
      return new InterleaveError({
        code: 'IL303',
        message: `Model ${model.name} is not deterministic: next()${action !== undefined ? ` for action ${actionText(action)}` : ''} gave two different results when called twice on the last state of the trace.`,
        hint: 'init, actions and next must depend only on their arguments (no Math.random, clocks or variables kept outside the state).',
        ...actionInfo,
      });
    case 'init-empty':
      return new InterleaveError({
        code: 'IL205',
        message: `Model ${model.name}: init() must return a non-empty array of initial states, but returned ${Array.isArray(failure.error) ? 'an empty array' : String(JSON.stringify(failure.error) ?? failure.error)}.`,
      });
    case 'init':
      return new InterleaveError({ code: 'IL301', message: `Model ${model.name}: init() threw ${errorText(failure.error)}.` });
    case 'actions':
      return new InterleaveError({
        code: 'IL301',
        message: `Model ${model.name}: actions() threw ${errorText(failure.error)} in the last state of the trace.`,
      });
    case 'next':
      return new InterleaveError({
        code: 'IL301',
        message: `Model ${model.name}: next() threw ${errorText(failure.error)} for action ${actionText(action)} in the last state of the trace.`,
        ...actionInfo,
      });
    default: {
      const what = failure.name ? `${failure.phase} "${failure.name}"` : `${failure.phase}()`;
      const step = action !== undefined ? ` on the step by action ${actionText(action)} from the last state of the trace` : ' in the last state of the trace';
      return new InterleaveError({
        code: 'IL301',
        message: `Model ${model.name}: ${what} threw ${errorText(failure.error)}${step}.`,
        ...actionInfo,
      });
    }
  }
}
